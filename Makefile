# Twofold: `make run` starts the product, `make test` runs the whole suite.
# Both create what they need on a fresh machine and skip work already done.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_DIR ?= var
SECRET_FILE := $(DATA_DIR)/secret_key
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install chromium

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-nodeps.lock src/twofold/coach/model/encoder_adapter.npz
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test]"
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-nodeps.lock
	$(BIN)/twofold coach prepare || echo "Could not prepare the coach encoders now; the coach tries again on first use (see the error above)."
	@touch $@

$(SECRET_FILE):
	@mkdir -p $(DATA_DIR)
	@umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run: $(STAMP) $(SECRET_FILE)
	@export TWOFOLD_DATA_DIR=$(DATA_DIR) TWOFOLD_SECRET_KEY_FILE=$(SECRET_FILE); \
	$(BIN)/twofold migrate && \
	$(BIN)/twofold demo && \
	$(BIN)/twofold serve --host $(HOST) --port $(PORT)

# Debian's Chromium drives the browser tests (never `playwright install`).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# SQLite first (everything), then PostgreSQL (every database test) when
# TWOFOLD_TEST_DATABASE_URL is set. Redis tests run when TWOFOLD_TEST_REDIS_URL is set.
test: $(STAMP) chromium
	$(BIN)/python -m pytest -n 2 -q
	@if [ -n "$$TWOFOLD_TEST_DATABASE_URL" ]; then \
	  echo "--- again on PostgreSQL: database tests ---"; \
	  TWOFOLD_DATABASE_URL="$$TWOFOLD_TEST_DATABASE_URL" $(BIN)/python -m pytest -n 2 -q -m "django_db and not browser"; \
	fi
