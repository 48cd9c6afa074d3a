# Redress: `make run` and `make test` work on a bare machine with Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install install-dev lint typecheck messages clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Install, prepare the embedded SQLite database with demo data (once), serve on 127.0.0.1:8000.
run: install
	$(BIN)/redress migrate --no-input -v 0
	$(BIN)/redress demo --url http://$(HOST):$(PORT)
	$(BIN)/redress collectstatic --no-input -v 0
	@echo "Serving Redress on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	$(BIN)/redress serve $(HOST):$(PORT)

## Install and run the whole test suite (PostgreSQL when DATABASE_URL points at it).
test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Benchmark: generate N complaints, serve them under gunicorn, measure Redress and
## django-helpdesk side by side, write bench/RESULTS.md. `make bench N=10000 DB=postgres`.
N  ?= 1000000
DB ?= sqlite
bench: install-dev
	$(BIN)/python -m bench run --n $(N) --db $(DB) $(BENCH_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy redress config

## Re-extract translatable strings into the .po files and compile them.
messages: install-dev
	cd redress && ../$(BIN)/redress makemessages -l th -l bn -l hr -l sv -l en --no-obsolete
	cd redress && ../$(BIN)/redress compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
