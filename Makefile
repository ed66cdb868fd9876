# kg: two commands for a newcomer.
#   make demo   set up .venv, build the sample article into the embedded store,
#               export out/kg.ttl, print a summary and one query's answer
#   make test   set up the test dependencies (Python packages, Chromium, CJK
#               fonts) and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SAMPLE := data/zgc-forum-2024.txt
STORE  ?= .kg/store

.PHONY: demo test install test-deps browser bench eval clean

$(BIN)/kg: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# kg was installed as the distribution "kg" before it became kg-news: remove that one first
	$(BIN)/python -m pip uninstall --quiet --yes kg 2>/dev/null || true
	$(BIN)/python -m pip install --quiet -e .
	touch $@

install: $(BIN)/kg

demo: install
	$(BIN)/kg build $(SAMPLE) --store $(STORE)
	$(BIN)/kg export --store $(STORE) -o out/kg.ttl
	@echo
	@echo "== companies and the districts they signed with (kg query companies-districts)"
	$(BIN)/kg query companies-districts --store $(STORE)

$(VENV)/.test-deps: pyproject.toml $(BIN)/kg
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

test-deps: $(VENV)/.test-deps browser

# Debian's Chromium and CJK fonts for the browser tests (never 'playwright install').
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then \
		echo "installing chromium and fonts-noto-cjk (apt-get)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

test: test-deps
	$(BIN)/python -m pytest

eval: install
	$(BIN)/kg eval data/dev --summary

# Benchmarks (not tests): figures in the README, section "Benchmarks".
bench: test-deps
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_queries.py
	$(BIN)/python bench/bench_viz.py
	$(BIN)/python bench/bench_long_article.py

clean:
	rm -rf out .kg .pytest_cache
