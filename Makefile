# Two entry points, both self-contained on a fresh machine with Python 3.11:
#   make serve   (or make site)  -- set up, then serve (or build) the site from seeds/
#   make test                    -- set up, then run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site serve test goldens check clean

$(BIN)/mkdocs: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

setup: $(BIN)/mkdocs

site: setup
	$(BIN)/mkdocs build --strict

serve: setup
	$(BIN)/mkdocs serve --livereload

tests/browser/node_modules: tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund
	touch $@

test: setup tests/browser/node_modules
	$(BIN)/pytest

goldens: setup
	UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_readers_golden.py
	git diff --stat tests/golden

check: setup
	$(BIN)/briefing check

clean:
	rm -rf site docs/briefing .cache
