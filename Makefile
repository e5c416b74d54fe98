# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench bench-server serve templates schemas lock clean

$(STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip >/dev/null
	$(BIN)/pip install -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# Resolve every dependency afresh (newest versions pyproject.toml allows) and record them; run
# make test before committing the new constraints.txt.
lock:
	rm -rf .venv-lock
	$(PY) -m venv .venv-lock
	.venv-lock/bin/pip install --upgrade pip >/dev/null
	.venv-lock/bin/pip install -e '.[dev]'
	{ sed -n '1,3p' constraints.txt; .venv-lock/bin/pip freeze --exclude-editable; } > constraints.tmp
	mv constraints.tmp constraints.txt
	rm -rf .venv-lock

demo: $(STAMP)
	XLWINGS_LICENSE_KEY=noncommercial $(BIN)/python -m xl_disclosure.demo out

test: $(STAMP)
	XLWINGS_LICENSE_KEY=noncommercial $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

bench: $(STAMP)
	XLWINGS_LICENSE_KEY=noncommercial $(BIN)/python bench/run.py --out out/bench.md
	XLWINGS_LICENSE_KEY=noncommercial $(BIN)/python bench/accuracy.py --out out/accuracy.md
	XLWINGS_LICENSE_KEY=noncommercial $(BIN)/python bench/import_accuracy.py --out out/import.md

# The server with a demo district (a few agencies, some submitted, one returned): log in at
# http://127.0.0.1:8765/console/login with a token printed at start (also in out/serve/tokens.txt).
serve: $(STAMP)
	XLWINGS_LICENSE_KEY=noncommercial $(BIN)/xl-disclosure serve --demo out/serve

# Server load test (200 agencies, 60 s, SQLite and PostgreSQL) and soak test (60 s), loopback only.
bench-server: $(STAMP)
	$(BIN)/python bench/server_load.py --agencies 200 --seconds 60 --workers 2
	$(BIN)/python bench/server_soak.py --seconds 60 --clients 6

templates: $(STAMP)
	$(BIN)/xl-disclosure build-template --all -o workbook_templates --force
	$(BIN)/xl-disclosure build-xlsm --all -o workbook_templates --force

schemas: $(STAMP)
	$(BIN)/python -m xl_disclosure.io.schema

clean:
	rm -rf $(VENV) out build *.egg-info
