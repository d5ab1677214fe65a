# Rollcall: two commands on a fresh machine.
#   make run   set up, load the demo corpus, serve on http://127.0.0.1:8000
#   make test  set up and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)

# Debian packages the tests need: Chromium (browser tests and PDF rendering) and poppler-utils
# (pdftotext/pdftoppm read the PDFs back). Installed only when missing.
DEBIAN_PACKAGES := chromium poppler-utils
DEBIAN_COMMANDS := /usr/bin/chromium /usr/bin/pdftotext

.PHONY: setup run test test-postgres lint clean system-packages reliability

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-warn-script-location -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

system-packages:
	@missing=0; for c in $(DEBIAN_COMMANDS); do test -x $$c || missing=1; done; \
	if [ $$missing = 1 ]; then \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $(DEBIAN_PACKAGES) >/dev/null; \
	fi

run: setup
	$(BIN)/rollcall demo --host 127.0.0.1 --port 8000

lint: setup
	$(BIN)/ruff check .

test: setup system-packages lint
	$(BIN)/python -m pytest

test-postgres: setup system-packages
	bash scripts/with-postgres.sh $(BIN)/python -m pytest

# Regenerates docs/reliability.md (load on SQLite and PostgreSQL, faults, bad input, fuzzing, security).
reliability: setup system-packages
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/reliability.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
