# Everything a fresh clone needs: `make serve` and `make test` do all set-up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test validate lint clean

# The virtualenv with the pinned dependencies and the project (editable).
$(BIN)/mkdocs: pyproject.toml requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# Test dependencies on top.
$(BIN)/pytest: $(BIN)/mkdocs requirements-test.txt
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

# Front-end test tools (axe-core for the accessibility tests), pinned in package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

serve: $(BIN)/mkdocs  ## serve at http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

# The form editor at http://127.0.0.1:8000/admin/ without an account: Decap's local
# backend (decap-server, from package-lock.json) saves claims straight into claims/
# of this working tree (MODE=fs); review them with git diff, commit as usual.
.PHONY: admin
admin: $(BIN)/mkdocs node_modules/.package-lock.json  ## form editor at http://127.0.0.1:8000/admin/, saving into claims/
	MODE=fs BIND_HOST=127.0.0.1 PORT=8081 GIT_REPO_DIRECTORY="$(CURDIR)" node node_modules/decap-server/dist/index.js & \
	trap 'kill $$!' EXIT INT TERM; \
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

build: $(BIN)/mkdocs  ## validate claims, then build site/ strictly
	$(BIN)/factcheck validate
	$(BIN)/mkdocs build --strict

validate: $(BIN)/mkdocs  ## check every claim file
	$(BIN)/factcheck validate

lint: $(BIN)/pytest  ## ruff and mypy
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/ruff format --check scripts tests benchmarks
	$(BIN)/mypy

test: $(BIN)/pytest node_modules/.package-lock.json  ## the whole suite: lint, types, unit, build and browser tests
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

clean:
	rm -rf site .pytest_cache

# Performance benchmark: 100, 1,000 and 10,000 synthetic claims, ours against
# plain MkDocs; prints the table and writes it into docs/performance.md.
# Takes a while. Options: make bench BENCH_ARGS="--sizes 100,1000 --repeat 3".
.PHONY: bench
bench: $(BIN)/pytest  ## performance benchmark (long): results into docs/performance.md
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# Lighthouse scores of the built site (home and a claim page, mobile and desktop).
# Lighthouse 12.2.3 is installed on first use into .audit/ (newer ones need Node 22).
.audit/node_modules/.bin/lighthouse:
	npm install --prefix .audit --no-save --no-audit --no-fund --loglevel=error lighthouse@12.2.3

.PHONY: audit
audit: $(BIN)/pytest .audit/node_modules/.bin/lighthouse  ## Lighthouse scores against the targets
	$(BIN)/python -m benchmarks.audit
