# The two commands: `make run` and `make test`. Everything else supports them.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP_PY := $(VENV)/.installed
STAMP_NODE := node_modules/.installed
ASSETS := build/static/.built
GOVUK := node_modules/govuk-frontend/dist/govuk
FONTS := node_modules/@fontsource/atkinson-hyperlegible/files
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
# Test processes (pytest-xdist): one per core by default; 0 runs the suite in this process.
TEST_PROCESSES ?= auto

.PHONY: run test lint format assets install serve bench soak clean check-deploy backup restore

run: install assets
	DEBUG=$${DEBUG:-true} PORT=$(PORT) $(PY) manage.py migrate --no-input
	DEBUG=$${DEBUG:-true} PORT=$(PORT) $(PY) manage.py seed_demo
	DEBUG=$${DEBUG:-true} PORT=$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install assets
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(VENV)/bin/pytest -n $(TEST_PROCESSES) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)
	DATABASE_URL=sqlite:///$(CURDIR)/build/test-embedded.sqlite3 $(VENV)/bin/pytest -m both_databases -q

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

install: $(STAMP_PY) $(STAMP_NODE)

$(STAMP_PY): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

$(STAMP_NODE): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# GOV.UK Frontend's Sass compiled with our typeface and asset path, its JavaScript and images,
# and the Atkinson Hyperlegible web fonts, all into build/static (served as static files).
assets: $(ASSETS)

$(ASSETS): $(STAMP_NODE) assets/portal.scss
	rm -rf build/static
	mkdir -p build/static/portal build/static/govuk/assets build/static/fonts
	node_modules/.bin/sass --no-source-map --load-path=node_modules --quiet-deps \
		--silence-deprecation=import --style=compressed assets/portal.scss build/static/portal/portal.css
	cp $(GOVUK)/govuk-frontend.min.js $(GOVUK)/govuk-frontend.min.js.map build/static/govuk/
	cp -r $(GOVUK)/assets/images build/static/govuk/assets/
	cp $(FONTS)/atkinson-hyperlegible-latin-*.woff2 $(FONTS)/atkinson-hyperlegible-latin-*.woff build/static/fonts/
	touch $@

# Production-like serving: gunicorn with whitenoise's compressed, hashed static files.
serve: install assets
	$(PY) manage.py collectstatic --no-input
	$(PY) manage.py migrate --no-input
	$(VENV)/bin/gunicorn dpulo_portal.wsgi:application --bind 127.0.0.1:$(PORT) \
		--workers $${WEB_CONCURRENCY:-2} --access-logfile - --forwarded-allow-ips="$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

check-deploy: install
	DEBUG=false SECRET_KEY=$${SECRET_KEY:-check-deploy-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=')} \
		ALLOWED_HOSTS=$${ALLOWED_HOSTS:-dpulo.example.org} PORTAL_URL=$${PORTAL_URL:-https://dpulo.example.org} \
		$(PY) manage.py check --deploy --fail-level WARNING

# The benchmark suite (bench/): its own database, data at N = 10 to 10,000, results in
# bench/results/latest.{json,md}. wrk drives the throughput figures; it is installed if missing.
bench: install assets
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
		{ apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }; } || \
		echo "wrk is not installed: the throughput figures will be skipped (apt-get install wrk)"
	@pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || pg_ctlcluster --skip-systemctl-redirect \
		"$$(ls /etc/postgresql | head -n1)" main start 2>/dev/null || true
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) -m bench $(BENCH_ARGS)

# The soak (bench/soak.py): the closing minutes of a call under load, with PostgreSQL restarted,
# the mail server stopped and a worker killed; its own PostgreSQL server, results in
# bench/results/soak.{json,md}. SOAK_ARGS=--small runs a few users in about three minutes.
soak: install assets
	$(PY) -m bench.soak $(SOAK_ARGS)

# Backups: `make backup` writes backups/<date-time>/ (database dump, media, manifest);
# `make restore BACKUP=backups/<date-time>` restores one into the (empty) DATABASE_URL.
BACKUP_DIR ?= backups
backup: install
	$(PY) manage.py backup --to $(BACKUP_DIR)

restore: install
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=backups/<date-time>"; exit 1; }
	$(PY) manage.py restore $(BACKUP)

clean:
	rm -rf build staticfiles .pytest_cache
