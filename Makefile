# Two entry points, both self-contained on a fresh machine with Python 3.11:
#   make serve   (or make site)  -- set up, then serve (or build) the site from seeds/
#   make test                    -- set up, then run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site serve test browser-deps goldens check clean

$(BIN)/mkdocs: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

setup: $(BIN)/mkdocs

site: setup
	$(BIN)/mkdocs build --strict

serve: setup
	$(BIN)/mkdocs serve --livereload --dirty

# The browser tests need Debian's chromium, a CJK font and npm (for axe-core).
# As root with apt-get the missing ones are installed (never a second node:
# the machine's own npm is used when there is one); otherwise make stops at
# once with the one command to run.
browser-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi 'noto.*cjk\|wqy' || missing="$$missing fonts-noto-cjk"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -q && apt-get install -y -q --no-install-recommends $$missing; \
	else \
	  echo "make test needs$$missing: run  sudo apt-get install$$missing  then make test again"; exit 1; \
	fi

tests/browser/node_modules: tests/browser/package.json tests/browser/package-lock.json | browser-deps
	npm ci --prefix tests/browser --no-audit --no-fund
	touch $@

test: browser-deps setup tests/browser/node_modules
	$(BIN)/pytest

goldens: setup
	UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_readers_golden.py
	git diff --stat tests/golden

check: setup
	$(BIN)/briefing check

clean:
	rm -rf site docs/briefing .cache
