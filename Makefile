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
	$(BIN)/mkdocs serve --livereload

# The browser tests need Debian's chromium, a CJK font and npm (for axe-core).
# As root with apt-get they are installed; otherwise make stops at once with
# the one command to run.
BROWSER_DEBS := chromium fonts-noto-cjk nodejs npm
browser-deps:
	@if command -v chromium >/dev/null && command -v npm >/dev/null && fc-list 2>/dev/null | grep -qi 'noto.*cjk\|wqy'; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -q && apt-get install -y -q --no-install-recommends $(BROWSER_DEBS); \
	else \
	  echo "make test needs chromium, a CJK font and npm: run  sudo apt-get install $(BROWSER_DEBS)  then make test again"; exit 1; \
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
