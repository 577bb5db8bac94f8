# The two quickstart commands: `make demo` (check sample posts) and `make test` (lint, the
# whole suite, the docs build).
# Both create .venv and install the project into it on first use.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

# The editable install also compiles the optional C extension in place (hatch_build.py); a
# change to its source reinstalls.
$(BIN)/.installed: pyproject.toml hatch_build.py src/socialpolicy/_cngrams.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# durable-rules compiles its C core at -O0 unless told otherwise; -O2 about doubles its speed.
	CPPFLAGS=-O2 $(BIN)/pip install -q -e '.[dev]'
	touch $@

.PHONY: demo test docs lint bench accuracy schemas
demo: $(BIN)/.installed
	$(BIN)/socialpolicy check --policy toronto examples/toronto-posts.jsonl; test $$? -le 1
	$(BIN)/socialpolicy check --policy edmonton examples/edmonton-posts.jsonl; test $$? -le 1

# Lint first: it is the fastest to fail, and CI (.ci/run) runs this target.
test: lint
	$(BIN)/python -m pytest
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir $(or $(SITE_DIR),site)

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

schemas: $(BIN)/.installed
	$(BIN)/python -m socialpolicy.schema
	$(BIN)/python -m socialpolicy.server.openapi

bench: $(BIN)/.installed
	CPPFLAGS=-O2 $(BIN)/pip install -q -e '.[dev,bench]'
	$(BIN)/python benchmarks/throughput.py

accuracy: $(BIN)/.installed
	$(BIN)/python benchmarks/accuracy.py
