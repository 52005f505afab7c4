# Two commands: `make demo` (set up and draw the seed map) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/corridors cache build
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/corridors map data/articles/iran-kyrgyzstan.txt -o maps/iran-kyrgyzstan.html

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/gazetteer.py
	$(BIN)/python bench/corridors.py
	$(BIN)/python bench/geoparse.py
	$(BIN)/python bench/routes.py
	$(BIN)/python bench/hostile.py
	$(BIN)/python bench/big_text.py
	$(BIN)/python bench/cli_pool.py
	$(BIN)/python bench/maps.py --quick

clean:
	rm -rf $(VENV) build dist *.egg-info
