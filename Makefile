# Two commands for a fresh machine:
#   make serve   build the site and preview it at http://127.0.0.1:8000 (installs what it needs first)
#   make test    run the whole test suite (installs what it needs first)
# Python packages go into .venv/, npm packages (lunr.js; axe-core for the accessibility tests)
# into node_modules/; the tests also need Debian's chromium (browser tests drive it headless) and
# a Java runtime (for the Nu Html Checker), which `make test` installs with apt-get if missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: install install-content build serve validate check test test-fast lint debian-packages screenshots components clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# axe-core for the accessibility tests, and lunr.js, which the tests compare with vendor/lunr/ (the
# copy the build puts into the site, so that a pip-installed sitegen needs no npm)
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

install: $(STAMP) $(NODE_STAMP)

# Only what validate, check and build need: sitegen and its five libraries, no test tools, no npm
# (the build ships lunr.js from vendor/lunr/). The pull request workflow's content-only job runs
# this; `make install` afterwards adds the rest to the same .venv/.
CONTENT_STAMP := $(VENV)/.installed-content

$(CONTENT_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $(CONTENT_STAMP)

install-content: $(CONTENT_STAMP)

# Debian packages the tests need: chromium for the browser tests, a Java runtime for vnu.
debian-packages:
	@missing="$$(command -v chromium >/dev/null 2>&1 || echo chromium) $$(command -v java >/dev/null 2>&1 || echo default-jre-headless)"; \
	if [ -n "$$(echo $$missing)" ]; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

build: install
	$(BIN)/sitegen build

serve: install
	$(BIN)/sitegen serve

validate: install
	$(BIN)/sitegen validate

check: install
	$(BIN)/sitegen check

lint: install
	$(BIN)/ruff check sitegen tests
	$(BIN)/ruff format --check sitegen tests

# Tests run in TEST_JOBS processes (pytest-xdist), each taking the next test as it finishes one;
# `make test` ends with the 25 slowest, so that CI's log says where the suite's time goes. Two,
# one per core: many tests now build sites in two processes of their own, and a third test process
# made the whole suite take more CPU, not less (3 December, an otherwise idle machine: 25.1 min of
# CPU and 1,032 s with three; 23.8 min and 996 s with two, on a fresh clone as CI runs it).
TEST_JOBS ?= 2

test: install debian-packages
	$(BIN)/ruff check sitegen tests bench tools
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist worksteal --durations=25

# The tests to run after every change: all but those that drive Chromium or take seconds each
# (markers in tests/conftest.py and pyproject.toml). Needs neither chromium nor Java.
test-fast: install
	$(BIN)/ruff check sitegen tests bench tools
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist worksteal -m "not browser and not slow"

clean:
	rm -rf output output.* $(VENV) node_modules .pytest_cache components

# PNG screenshots of the main page types at phone and desktop widths, into screenshots/
screenshots: install debian-packages
	$(BIN)/python tools/screenshots.py screenshots

# Every example of the theme's components (themes/default/templates/macros/*.yaml) as a page, with
# an index, into components/: open components/index.html in a browser
components: install
	$(BIN)/python tools/components.py components
