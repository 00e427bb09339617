# One entry point: `make` installs and builds the bundled memo; `make test` is what CI runs.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
VIRTUOSO := /usr/bin/virtuoso-t
APT_LOG := $(or $(TMPDIR),/tmp)/hoeringsgraf-apt.log

.PHONY: run install test chromium virtuoso lint clean

run: install
	$(BIN)/hoeringsgraf build

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .

test: $(BIN)/python chromium virtuoso
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m pytest

# A Debian package the tests need: as root with apt-get, as in CI, install it when its program ($(1)) is missing
# ($(2): the package, $(3): what needs it); if that fails, say why and go on: under CI=true those tests fail.
define apt_install
	@if [ ! -x $(1) ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's $(2) for $(3) (log: $(APT_LOG))"; \
		if ! { apt-get -q -o Acquire::Retries=3 update \
			&& DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o Acquire::Retries=3 -o DPkg::Lock::Timeout=300 $(2); \
			} >$(APT_LOG) 2>&1; then \
			tail -n 15 $(APT_LOG); \
			echo "could not install $(2): $(3) will fail under CI=true and skip otherwise"; \
		fi; \
	fi
endef

# The browser tests drive Debian's Chromium (never a browser Playwright downloads).
chromium:
	$(call apt_install,$(CHROMIUM),chromium,the browser tests)

# Virtuoso is the second real SPARQL server the tests compare the embedded store with (tests/test_virtuoso.py).
virtuoso:
	$(call apt_install,$(VIRTUOSO),virtuoso-opensource,the Virtuoso tests)

lint: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/ruff check graph cli.py tests bench
	$(BIN)/mypy

clean:
	rm -rf build .pytest_cache
