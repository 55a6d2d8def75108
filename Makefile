# ipoffice: `make run` to try it, `make test` for the whole suite. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/ipoffice
DEV := IPOFFICE_MODE=development

.PHONY: install messages run serve test check test-sqlite test-postgres fmt makemessages clean browser fonts bench bench-small schema

install: $(VENV)/.installed messages

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Compiled catalogues are build output (not committed); needs GNU gettext's msgfmt.
messages: $(VENV)/.installed
	cd src/ipoffice && $(DEV) ../../$(BIN)/ipoffice compilemessages --verbosity 0

makemessages: $(VENV)/.installed
	cd src/ipoffice && $(DEV) ../../$(BIN)/ipoffice makemessages --locale zh_Hans --no-obsolete --add-location file

# The API contract, committed as docs/openapi.json; the test suite fails when it is stale.
# In English, keys sorted (common.api.schema_sorted); any warning (e.g. two components of
# one name) stops it.
schema: $(VENV)/.installed
	$(DEV) $(BIN)/ipoffice spectacular --format openapi-json --lang en --validate \
	  --fail-on-warn --file docs/openapi.json

# The web server, a worker and the scheduler (embedded in the worker here; separate
# processes in production, docs/deployment.md). The broker is RabbitMQ when it answers on
# 127.0.0.1:5672, otherwise the embedded one (a folder under var/). Ctrl-C stops all three.
BROKER_PROBE := import socket; s = socket.socket(); s.settimeout(1); \
  print("amqp://guest:guest@127.0.0.1:5672//" if s.connect_ex(("127.0.0.1", 5672)) == 0 else "")
run: install fonts
	$(DEV) $(BIN)/ipoffice migrate --verbosity 1
	$(DEV) $(BIN)/ipoffice demo
	@broker="$${IPOFFICE_BROKER_URL:-$$($(BIN)/python -c '$(BROKER_PROBE)')}"; \
	  echo "Task queue: $${broker:-embedded broker in var/broker}"; \
	  echo "Serving http://127.0.0.1:8000 with a worker and the scheduler (Ctrl-C stops all)"; \
	  export IPOFFICE_MODE=development IPOFFICE_BROKER_URL="$$broker"; \
	  trap 'kill 0' INT TERM EXIT; \
	  $(BIN)/celery -A ipoffice.worker worker --beat --concurrency 2 --loglevel warning \
	    --schedule var/celerybeat-schedule & \
	  $(BIN)/ipoffice runserver 127.0.0.1:8000

test: install browser fonts check test-sqlite test-postgres

# The browser tests drive Debian's Chromium (no browser download of Playwright's own).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
	    >/dev/null) || echo "could not install chromium: browser tests will be skipped"; }

# The PDF annual report embeds a Chinese TrueType font: Debian's fonts-wqy-microhei, or
# the file IPOFFICE_PDF_FONT names. poppler-utils (pdftotext) lets the tests read the PDF.
WQY := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
fonts:
	@if [ -z "$$IPOFFICE_PDF_FONT" ] && [ ! -f $(WQY) ]; then \
	  echo "installing Debian's fonts-wqy-microhei for the PDF annual report"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    fonts-wqy-microhei >/dev/null) || true; \
	  if [ ! -f $(WQY) ]; then \
	    echo "error: no Chinese TrueType font for the PDF: install fonts-wqy-microhei" \
	      "(apt-get install fonts-wqy-microhei) or set IPOFFICE_PDF_FONT to a .ttf/.ttc file" >&2; \
	    exit 1; fi; fi
	@command -v pdftotext >/dev/null 2>&1 || { \
	  echo "installing Debian's poppler-utils for the PDF tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils \
	    >/dev/null) || echo "could not install poppler-utils: the PDF layout test will be skipped"; }

check:
	$(BIN)/ruff check src scripts bench
	$(BIN)/ruff format --check src scripts bench
	$(DEV) $(BIN)/mypy
	$(BIN)/lint-imports --no-cache

test-sqlite:
	@echo "== test suite on SQLite"
	$(BIN)/pytest -q

test-postgres:
	@echo "== test suite on PostgreSQL ($(PG_URL))"
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q

# Benchmarks (not tests): PostgreSQL, generated data, gunicorn. See docs/performance.md.
bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/outbox.py
	$(BIN)/python bench/assessment.py

bench-small: install
	BENCH_DB=ipoffice_bench_small BENCH_YEARS=2 BENCH_CASES_PER_YEAR=50000 \
	BENCH_COMPLAINTS_PER_YEAR=100000 BENCH_IMPORT_ROWS=50000 $(BIN)/python bench/run.py
	BENCH_DB=ipoffice_bench_small BENCH_YEARS=2 BENCH_CASES_PER_YEAR=50000 \
	BENCH_COMPLAINTS_PER_YEAR=100000 $(BIN)/python bench/assessment.py

fmt:
	$(BIN)/ruff check --fix src scripts
	$(BIN)/ruff format src scripts

clean:
	rm -rf $(VENV) var
