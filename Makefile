# The two commands of the quick start are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DATABASE_URL ?= postgresql:///integration_portal
export DATABASE_URL

# Local development: debug on, mails on the console, their links to the port served.
DEMO_TOTP_CODE := 123456
SITE_URL ?= http://127.0.0.1:$(PORT)
DEV_ENV := DJANGO_DEBUG=1 MFA_TOTP_INSECURE_BYPASS_CODE=$(DEMO_TOTP_CODE) SITE_URL=$(SITE_URL)
# Tests run like production (DEBUG off), with a throw-away key and plain HTTP.
TEST_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=test-only-not-secret DJANGO_ALLOWED_HOSTS=localhost,127.0.0.1,testserver DJANGO_SECURE_SSL_REDIRECT=0
# `make serve`: production settings on this machine; without a proxy in front,
# Django compresses the pages itself.
SERVE_ENV := DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_COMPRESS_PAGES=1 \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-local-serve-$$(hostname)-not-for-the-internet}

.PHONY: help run serve test lint format audit bench install install-test assets fonts database messages compilemessages static check-db clean

help:
	@echo "make run      set up everything and serve the portal with demo data on http://127.0.0.1:$(PORT)/ (and send its mails)"
	@echo "make test     install what the tests need and run the whole suite (browser tests included)"
	@echo "make serve    serve with production settings under gunicorn (several workers)"
	@echo "make lint     ruff check, ruff format --check, import contracts, makemigrations --check"
	@echo "make audit    bandit over the project's code"
	@echo "make bench    speed benchmark on generated data"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs exactly the locked, hash-checked versions, then the project itself:
# production needs requirements.lock alone, development and tests add the tools
# of requirements-dev.lock (compiled against the first, so the versions agree).
$(VENV)/.installed: requirements.lock requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

install: $(VENV)/.installed assets

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Node.js (npm) is needed for the KERN UX design system: apt-get install -y nodejs npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json

# The Arabic face (Noto Sans Arabic, OFL, from npm) cut down to the letters of
# the Arabic language: about 22 kB a weight instead of 50 kB. The files are
# kept in static/fonts/; run this after changing the package's version.
ARABIC_FONT_DIR := node_modules/@fontsource/noto-sans-arabic/files
ARABIC_UNICODES := U+0020,U+00A0,U+0600-06FF,U+200C-200F,U+2010-2011,U+FD3E-FD3F
# Turkish needs five letters beyond Latin (ğ Ğ İ ş Ş; ı is in the Latin file):
# a 3.5 kB cut a weight of Fira Sans's Latin Extended file (47 kB a weight). The
# other languages of Latin Extended-A (names of partners, of places) get the rest
# of its letters from a 10 kB cut, fetched only on a page that shows one.
FIRA_FONT_DIR := node_modules/@fontsource/fira-sans/files
TURKISH_UNICODES := U+011E-011F,U+0130,U+015E-015F
LATIN_EXT_A_UNICODES := U+0100-011D,U+0120-012F,U+0132-015D,U+0160-017F,U+0218-021B
fonts: install
	mkdir -p static/fonts/noto-sans-arabic
	for weight in 400 600; do \
		$(BIN)/pyftsubset $(ARABIC_FONT_DIR)/noto-sans-arabic-arabic-$$weight-normal.woff2 \
			--unicodes="$(ARABIC_UNICODES)" --layout-features='*' --flavor=woff2 \
			--output-file=static/fonts/noto-sans-arabic/noto-sans-arabic-$$weight.woff2; done
	cp node_modules/@fontsource/noto-sans-arabic/LICENSE static/fonts/noto-sans-arabic/LICENSE
	mkdir -p static/fonts/fira-sans-latin-ext-a
	for weight in 400 500 600; do \
		$(BIN)/pyftsubset $(FIRA_FONT_DIR)/fira-sans-latin-ext-$$weight-normal.woff2 \
			--unicodes="$(LATIN_EXT_A_UNICODES)" --layout-features='*' --flavor=woff2 \
			--output-file=static/fonts/fira-sans-latin-ext-a/fira-sans-latin-ext-a-$$weight.woff2; done
	cp node_modules/@fontsource/fira-sans/LICENSE static/fonts/fira-sans-latin-ext-a/LICENSE
	mkdir -p static/fonts/fira-sans-turkish
	for weight in 400 500 600; do \
		$(BIN)/pyftsubset $(FIRA_FONT_DIR)/fira-sans-latin-ext-$$weight-normal.woff2 \
			--unicodes="$(TURKISH_UNICODES)" --layout-features='*' --flavor=woff2 \
			--output-file=static/fonts/fira-sans-turkish/fira-sans-turkish-$$weight.woff2; done
	cp node_modules/@fontsource/fira-sans/LICENSE static/fonts/fira-sans-turkish/LICENSE

# gettext's msgfmt compiles translations; Debian has it in the gettext package.
compilemessages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || { echo "Installing gettext (msgfmt) ..."; apt-get install -y -qq gettext >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq gettext; }; }
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

check-db: $(VENV)/.installed
	@$(DEV_ENV) $(BIN)/python manage.py ensure_database $(ENSURE_DB_ARGS)

database: ENSURE_DB_ARGS = --create
database: check-db
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput -v 0
	$(DEV_ENV) $(BIN)/python manage.py createcachetable

run: install compilemessages database
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	@echo
	@echo "Demo logins (local use only, password demo-portal-2026):"
	@echo "  admin@example.org        superuser"
	@echo "  staff@example.org        department staff"
	@echo "  lead@example.org         counselling lead"
	@echo "  counsellor@example.org   counsellor"
	@echo "  editor@example.org       partner editor"
	@echo "Staff and counsellors sign in with a second factor; locally the code $(DEMO_TOTP_CODE) is accepted."
	@echo
	@# django-tasks' database worker runs the queued tasks (the outbox's mails and SMS,
	@# the end of waiting-list holds) beside the server and stops with it.
	$(DEV_ENV) $(BIN)/python manage.py db_worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
		$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

static: install
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput -v 0

serve: install compilemessages database static
	$(SERVE_ENV) $(BIN)/gunicorn -c python:integration_portal.gunicorn_config integration_portal.wsgi:application \
		--bind 127.0.0.1:$(PORT) --workers $${WEB_CONCURRENCY:-3}

# Playwright drives Debian's Chromium; its own browser download cannot be used here.
.PHONY: chromium
chromium:
	@command -v chromium >/dev/null || { echo "Installing Chromium for the browser tests ..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

install-test: install compilemessages chromium static

test: install-test check-db
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo --no-cache
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

audit: install
	$(BIN)/bandit -q -c pyproject.toml -r integration_portal partners measures counselling recommendations bench demo

# Generated data goes into its own database, never the development one; the
# benchmarks are a development tool, installed on request under production settings.
BENCH_ENV := $(TEST_ENV) DATABASE_URL=postgresql:///integration_portal_bench \
	DJANGO_DEVELOPMENT_TOOLS=1 EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend

bench: install compilemessages static
	$(BENCH_ENV) $(BIN)/python manage.py ensure_database --create
	$(BENCH_ENV) $(BIN)/python manage.py migrate --noinput -v 0
	$(BENCH_ENV) $(BIN)/python manage.py createcachetable
	$(BENCH_ENV) $(BIN)/python manage.py bench $(BENCH_ARGS)

# Extracts translatable strings: the root catalogue holds integration_portal and
# the shared templates, each app keeps its own.
messages: install
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l de -l en -l tr -l ar -l uk --add-location=file \
		--ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=partners \
		--ignore=measures --ignore=counselling --ignore=recommendations --ignore=tests --no-obsolete
	for app in partners measures counselling recommendations; do \
		(cd $$app && $(DEV_ENV) ../$(BIN)/python ../manage.py makemessages -l de -l en -l tr -l ar -l uk --add-location=file --no-obsolete); done

clean:
	rm -rf $(VENV) node_modules staticfiles
