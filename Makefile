# Everything runs from a local virtual environment that the targets create.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DOMAIN := storefront
PYTEST_ARGS ?=

.PHONY: demo test catalogs messages typecheck clean system-deps bench zip-index screenshots fuzz load

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip setuptools wheel
	$(BIN)/python -m pip install -q -e ".[test,demo]"
	touch $(STAMP)

## Debian packages the suite drives for real (installed when missing and running as root).
system-deps:
	scripts/system-deps.sh make:make chromium:/usr/bin/chromium postgresql:/usr/lib/postgresql

## Compile translations/*.po into the .mo files the package ships, then fail on any incomplete,
## fuzzy or stale catalog (storefront_plugin/catalogs.py says what to fix).
catalogs: $(STAMP)
	$(BIN)/pybabel compile -D $(DOMAIN) -d translations --statistics
	$(BIN)/python -m storefront_plugin.catalogs check --require es,fr,de

## Extract every translatable string into the .pot and merge it into each language's .po
## (keywords and options live in storefront_plugin/catalogs.py, shared with the tests).
messages: $(STAMP)
	$(BIN)/python -m storefront_plugin.catalogs messages

typecheck: $(STAMP)
	$(BIN)/mypy

## Serve the demo shop, with the plugin mounted, at http://127.0.0.1:5000
demo: $(STAMP) catalogs
	$(BIN)/flask --app examples.demo_shop:create_app run --host 127.0.0.1 --port 5000

## Set everything up and run the whole suite.
test: $(STAMP) system-deps catalogs typecheck
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## What the plugin costs a shop, side by side with the shop without it (BENCH_ARGS=--quick for small counts).
BENCH_ARGS ?=
bench: $(STAMP) catalogs
	scripts/system-deps.sh wrk:wrk
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

## Take the README's screenshots in Debian's Chromium: the browser journeys save them under
## artifacts/screenshots, and three are copied into docs/.
screenshots: $(STAMP) system-deps catalogs
	$(BIN)/python -m pytest -q tests/browser
	mkdir -p docs
	cp artifacts/screenshots/gate-javascript.png docs/gate.png
	cp artifacts/screenshots/checkout-blocked.png artifacts/screenshots/legal-map.png docs/

## The security fuzzers at full strength: 10,000 hypothesis examples per target (make test runs 60).
FUZZ_EXAMPLES ?= 10000
fuzz: $(STAMP) catalogs
	STOREFRONT_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q tests/security/test_fuzz.py

## The long load run: gunicorn with 4 workers on 127.0.0.1, 20,000 mixed requests at concurrency 50;
## prints 5xx, audit rows against checkouts sent, and worker memory (make test runs 1,000).
load: $(STAMP) catalogs
	$(BIN)/python -m tests.load.loadrun --requests 20000 --concurrency 50 --time-limit 900

## Rewrite the shipped data snapshots: the ZIP index from the installed zipcodes dataset, and the
## US subdivision table (codes, English names, ISO types) from the installed pycountry.
zip-index: $(STAMP)
	$(BIN)/python -m storefront_plugin.zipdata
	$(BIN)/python -m storefront_plugin.subdivisions

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache artifacts
