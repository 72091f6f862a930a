# regviz: `make lab` opens the notebooks, `make test` runs every check.
# Both set up .venv first when it is missing or older than pyproject.toml.

PYTHON ?= python3
VENV   := .venv
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

.PHONY: setup lab test lint unit notebooks browser ipynb slides figures clean

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
	$(BIN)/python -m pytest

clean:
	rm -rf build .pytest_cache
