# The two commands of the README: `make site` and `make test`. Everything is installed into .venv
# from the exact pins in constraints.txt; nothing is downloaded at build time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make check NTTV_CHECK_FORMAT=github` in GitHub Actions shows problems on the pull request's lines.
NTTV_CHECK_FORMAT ?= text
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test check bench clean chromium

site: $(VENV)/.site-installed
	$(BIN)/mkdocs build

# --dirty: a save rebuilds only the pages whose content changed (generated pages included).
serve: $(VENV)/.site-installed
	$(BIN)/mkdocs serve --dirty

check: $(VENV)/.site-installed
	$(BIN)/nttv check --format $(NTTV_CHECK_FORMAT)
	$(BIN)/mkdocs build --strict

test: $(VENV)/.test-installed chromium
	$(BIN)/python -m pytest

# Not a test: times the column against plain MkDocs and the blog plugin (benchmarks/bench.py --help).
# `make bench BENCH_ARGS="--large"` adds 5,000 and 10,000 stories.
bench: $(VENV)/.site-installed
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

chromium:
	@sh scripts/install-chromium.sh

$(VENV)/.python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Cần Python 3.11 trở lên (Python 3.11+ required)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	touch $@

$(VENV)/.site-installed: $(VENV)/.python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.site-installed
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

clean:
	rm -rf site .cache .pytest_cache
