# Orga: `make run` starts the app with demo data; `make test` runs every check and test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint test-sqlite test-postgres install install-dev schema clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Orga demande Python 3.11 ou plus récent."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
		{ echo "Impossible de créer $(VENV) : installez le paquet python3-venv (apt-get install python3-venv)."; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/orga migrate
	$(BIN)/orga demo --if-empty
	$(BIN)/orga serve --no-migrate --host 127.0.0.1 --port 8000

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test-sqlite: install-dev
	ORGA_TEST_DATABASE=sqlite ORGA_TEST_BROADCAST=memory:// $(BIN)/pytest -q -p no:cacheprovider

# Starts PostgreSQL and Redis when they are installed but stopped. With CI=true, a pass that
# cannot run is a failure; elsewhere it is reported and skipped.
test-postgres: install-dev
	@env_file=$$(mktemp); \
	if ./tools/services.sh > $$env_file; then \
		. $$env_file; rm -f $$env_file; \
		ORGA_TEST_DATABASE=postgres ORGA_TEST_BROADCAST=$$ORGA_TEST_REDIS_URL \
			$(BIN)/pytest -q -p no:cacheprovider; \
	else \
		rm -f $$env_file; \
		if [ "$$CI" = "true" ]; then echo "ÉCHEC : la passe PostgreSQL + Redis n'a pas pu s'exécuter."; exit 1; fi; \
		echo "ATTENTION : PostgreSQL ou Redis indisponible, passe PostgreSQL + Redis ignorée."; \
	fi

test: lint test-sqlite test-postgres

schema: install-dev
	$(BIN)/python -m schema.export

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache orga.sqlite3 .orga-secret
