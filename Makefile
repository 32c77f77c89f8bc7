# The two commands of the README: `make site` and `make test`. Everything is installed into .venv
# from the exact pins in constraints.txt; nothing is downloaded at build time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make check NTTV_CHECK_FORMAT=github` in GitHub Actions shows problems on the pull request's lines.
NTTV_CHECK_FORMAT ?= text
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test check clean chromium edit node

site: $(VENV)/.site-installed node_modules/.installed
	$(BIN)/mkdocs build

serve: $(VENV)/.site-installed node_modules/.installed
	$(BIN)/mkdocs serve

check: $(VENV)/.site-installed node_modules/.installed
	$(BIN)/nttv check --format $(NTTV_CHECK_FORMAT)
	$(BIN)/mkdocs build --strict

test: $(VENV)/.test-installed chromium node_modules/.installed
	$(BIN)/python -m pytest

# The web editor at /quan-tri/: Decap CMS, its local backend and js-yaml, at the exact versions of package-lock.json.
node_modules/.installed: package.json package-lock.json
	@sh scripts/install-node.sh
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node: node_modules/.installed

# Offline work on one's own computer: decap-server (saves on local cms/… branches) and mkdocs serve;
# open http://127.0.0.1:8000/quan-tri/ and stop both with Ctrl-C.
edit: $(VENV)/.site-installed node_modules/.installed
	$(BIN)/python -m generator.editor.local

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
