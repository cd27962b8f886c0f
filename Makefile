# Everything runs from a local virtual environment that the targets create.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DOMAIN := storefront
PYTEST_ARGS ?=

.PHONY: demo test catalogs messages typecheck clean system-deps

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip setuptools wheel
	$(BIN)/python -m pip install -q -e ".[test,demo]"
	touch $(STAMP)

## Debian packages the suite drives for real (installed when missing and running as root).
system-deps:
	scripts/system-deps.sh make:make chromium:/usr/bin/chromium

## Compile translations/*.po into the .mo files the package ships.
catalogs: $(STAMP)
	$(BIN)/pybabel compile -D $(DOMAIN) -d translations --statistics

## Extract every translatable string and merge it into each language's .po.
messages: $(STAMP)
	$(BIN)/pybabel extract -F translations/babel.cfg -k _sf -k _sf_n:1,2 -k lazy_gettext -k _ \
		--no-location --sort-output --project storefront_plugin -o translations/$(DOMAIN).pot .
	$(BIN)/pybabel update -D $(DOMAIN) -i translations/$(DOMAIN).pot -d translations --no-fuzzy-matching --ignore-obsolete

typecheck: $(STAMP)
	$(BIN)/mypy

## Serve the demo shop, with the plugin mounted, at http://127.0.0.1:5000
demo: $(STAMP) catalogs
	$(BIN)/flask --app examples.demo_shop:create_app run --host 127.0.0.1 --port 5000

## Set everything up and run the whole suite.
test: $(STAMP) system-deps catalogs typecheck
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache artifacts
