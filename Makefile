# One entry point: `make` installs and builds the bundled memo; `make test` is what CI runs.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: run install test lint clean

run: install
	$(BIN)/hoeringsgraf build

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .

test: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m pytest

lint: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/ruff check graph cli.py tests
	$(BIN)/mypy

clean:
	rm -rf build .pytest_cache
