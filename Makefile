# Orga: `make run` starts the app with demo data; `make test` runs every check and test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint test-sqlite test-postgres install install-dev ui screenshots schema clean

UI := web/ui
UI_SOURCES := $(shell find $(UI)/src $(UI)/static -type f 2>/dev/null) \
	$(wildcard $(UI)/*.ts $(UI)/*.js $(UI)/*.json) schema.graphql

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

# The web app (web/ui): Node.js 20+ from the npm registry; `npm ci` when the lock file changes,
# the build when a source, the configuration or the GraphQL schema changes.
$(UI)/node_modules/.installed: $(UI)/package-lock.json
	@node -e 'process.exit(Number(process.versions.node.split(".")[0]) < 20 ? 1 : 0)' 2>/dev/null || \
		{ echo "L'application web d'Orga demande Node.js 20 ou plus récent (avec npm) : installez-le, par exemple « apt-get install nodejs npm » ou depuis https://nodejs.org, puis relancez."; exit 1; }
	cd $(UI) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(UI)/build/index.html: $(UI)/node_modules/.installed $(UI_SOURCES)
	cd $(UI) && npm run --silent build
	@touch $@

ui: $(UI)/build/index.html

run: install ui
	$(BIN)/orga migrate
	$(BIN)/orga demo --if-empty
	$(BIN)/orga serve --no-migrate --host 127.0.0.1 --port 8000

lint: install-dev $(UI)/node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python tools/complexity.py engine resolvers
	cd $(UI) && npm run --silent check

test-sqlite: install-dev ui
	ORGA_TEST_DATABASE=sqlite ORGA_TEST_BROADCAST=memory:// $(BIN)/pytest -q -p no:cacheprovider

# Starts PostgreSQL and Redis when they are installed but stopped. With CI=true, a pass that
# cannot run is a failure; elsewhere it is reported and skipped.
test-postgres: install-dev ui
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

# The main screens over the demo data, written to docs/screenshots/ (tools/screenshots.py).
screenshots: install-dev ui
	$(BIN)/python tools/screenshots.py

schema: install-dev
	$(BIN)/python -m schema.export

clean:
	rm -rf $(VENV) $(UI)/node_modules $(UI)/build $(UI)/.svelte-kit .pytest_cache .mypy_cache .ruff_cache orga.sqlite3 .orga-secret
