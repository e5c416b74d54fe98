# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench templates schemas clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip >/dev/null
	$(BIN)/pip install -e '.[dev]'
	touch $(STAMP)

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

templates: $(STAMP)
	$(BIN)/xl-disclosure build-template --all -o workbook_templates --force
	$(BIN)/xl-disclosure build-xlsm --all -o workbook_templates --force

schemas: $(STAMP)
	$(BIN)/python -m xl_disclosure.io.schema

clean:
	rm -rf $(VENV) out build *.egg-info
