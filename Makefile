# Two commands for a fresh machine:
#   make serve   build the site and preview it at http://127.0.0.1:8000 (installs what it needs first)
#   make test    run the whole test suite (installs what it needs first)
# Everything Python lives in .venv/; nothing is installed system-wide except Debian's chromium.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install build serve validate test lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

build: install
	$(BIN)/sitegen build

serve: install
	$(BIN)/sitegen serve

validate: install
	$(BIN)/sitegen validate

lint: install
	$(BIN)/ruff check sitegen tests
	$(BIN)/ruff format --check sitegen tests

test: install
	$(BIN)/ruff check sitegen tests
	$(BIN)/python -m pytest

clean:
	rm -rf output output.* $(VENV) .pytest_cache
