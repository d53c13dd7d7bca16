# The two commands of the README: `make run` and `make test`. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export FLASK_APP := portal

.PHONY: run test install lint translations bench-national chromium system-packages clean bench oidc-provider

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# English catalog, compiled at install time (the .mo files are not in git).
CATALOG := portal/translations/en/LC_MESSAGES/messages
$(CATALOG).mo: $(CATALOG).po $(VENV)/.installed
	$(BIN)/pybabel compile --domain messages --directory portal/translations --statistics

install: $(VENV)/.installed $(CATALOG).mo

## make translations: collect the UI texts again and add new ones to the English catalog
translations: $(VENV)/.installed
	$(BIN)/pybabel extract --no-location --no-wrap --sort-output -F babel.cfg -k lazy_gettext -k _l -o messages.pot portal
	$(BIN)/pybabel update --no-wrap --no-fuzzy-matching --ignore-obsolete -i messages.pot -d portal/translations
	rm messages.pot

## make run: install, migrate the SQLite database in instance/, load the demo once, serve :5000
## with the e-mail worker, the webhook worker, the scheduled jobs (every minute) and a development
## mail server (mails land in instance/mail/)
run: install system-packages
	$(BIN)/flask db upgrade
	$(BIN)/flask seed demo
	@echo "Servicepunt Inclusief: http://127.0.0.1:5000  (e-mail: instance/mail/)"
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/flask mail dev-server & \
	$(BIN)/flask outbox deliver & \
	$(BIN)/flask webhooks deliver & \
	$(BIN)/flask jobs run --every 60 & \
	$(BIN)/flask run --host 127.0.0.1 --port 5000

## Pango and HarfBuzz-Subset for WeasyPrint (PDFs; without the latter WeasyPrint warns, and
## warnings are errors in the tests).
system-packages:
	@{ ldconfig -p | grep -q libpangoft2-1.0 && ldconfig -p | grep -q libharfbuzz-subset; } || { \
		echo "Installing Pango and HarfBuzz-Subset for PDF rendering"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; }

## Debian's chromium for the browser tests (Playwright cannot download browsers here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

## The real OpenID provider the login tests run against (npm `oidc-provider`, Node.js 20+),
## installed from its lock file; `make oidc-provider-run` starts it by hand for a demo.
OIDC_DIR := tests/oidc
$(OIDC_DIR)/node_modules/.installed: $(OIDC_DIR)/package.json $(OIDC_DIR)/package-lock.json
	cd $(OIDC_DIR) && npm ci --no-audit --no-fund
	touch $@

oidc-provider: $(OIDC_DIR)/node_modules/.installed

## make test: static security check (bandit), then unit, integration and browser tests;
## PostgreSQL too when PORTAL_TEST_DATABASE_URL is set
test: lint system-packages chromium oidc-provider
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make lint: style and bugs (ruff), types (mypy), then the security check (bandit)
lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/bandit --quiet --recursive portal config

clean:
	rm -rf $(VENV) instance e2e/artifacts .pytest_cache

## make bench: reproducible measurements (see bench/README.md)
bench: install
	$(BIN)/python bench/outbox_delivery.py
	$(BIN)/python bench/webhook_delivery.py

## make bench-national: the national-scale measurements in one run (PostgreSQL on 127.0.0.1):
## loads the national dataset once (database portal_national), measures the main pages with
## gunicorn + wrk, the PDFs and the outbox; the tables land in bench/results/
BENCH_PG ?= postgresql://postgres@127.0.0.1:5432/test
bench-national: install system-packages
	$(BIN)/python bench/national.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/pdf_render.py | tee bench/results/pdf-$$(date +%F).txt
	PORTAL_TEST_DATABASE_URL=$(BENCH_PG) $(BIN)/python bench/outbox_delivery.py --messages 1000 --workers 2 \
		| tee bench/results/outbox-$$(date +%F).txt
