# Baomi — the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .uv/bin/uv
VENV := .venv
BAOMI := $(VENV)/bin/baomi
export BAOMI_HOME ?= $(CURDIR)/var

.PHONY: install demo serve test test-sqlite test-postgres lint sysdeps browser-deps bench bench-ledger bench-leaks bench-risk messages clean

$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --quiet
	touch $@

install: $(VENV)/.synced

sysdeps:
	@bash scripts/sysdeps.sh pdf

browser-deps:
	@bash scripts/sysdeps.sh browser

demo: install sysdeps
	$(BAOMI) demo

serve: install
	$(BAOMI) serve

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy src/baomi/ledger src/baomi/fingerprint src/baomi/extract src/baomi/risk

test: install sysdeps browser-deps
	bash scripts/test.sh

# Translations: the project catalogue (src/baomi/locale) covers the project templates and the
# first apps; an app with its own locale/ directory keeps its own catalogue.
OWN_LOCALE_APPS := $(patsubst src/baomi/apps/%/locale,%,$(wildcard src/baomi/apps/*/locale))
messages: install
	cd src/baomi && ../../$(VENV)/bin/django-admin makemessages -l zh_Hans --no-obsolete \
	  --settings=baomi.settings -i 'ledger/*' -i 'risk/*' -i 'fingerprint/*' -i 'extract/*' \
	  -i 'cli/*' $(foreach app,$(OWN_LOCALE_APPS),-i 'apps/$(app)/*')
	for app in $(OWN_LOCALE_APPS); do (cd src/baomi/apps/$$app && \
	  ../../../../$(VENV)/bin/django-admin makemessages -l zh_Hans --no-obsolete --settings=baomi.settings); done
	cd src/baomi && ../../$(VENV)/bin/django-admin compilemessages -l zh_Hans --settings=baomi.settings

bench: bench-ledger bench-leaks bench-risk

bench-ledger: install
	$(VENV)/bin/python bench/ledger/run.py

bench-leaks: install
	$(VENV)/bin/python bench/leaks/run.py

bench-risk: install
	$(VENV)/bin/python bench/risk/run.py

clean:
	rm -rf .venv .uv .pytest_cache .ruff_cache .mypy_cache
