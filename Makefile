# The public contract: `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
DATA   ?= data/demo

CHROMIUM := /usr/bin/chromium
NODE_MODULES := widget/node_modules/.package-lock.json

.PHONY: install demo test lint widget-check faults fuzz bench clean lock train train-accurate

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/rejoinder demo --port $(PORT) --data-dir $(DATA) \
	  --page tests/fixtures/pages/wire-story-with-comments.txt --story aukus-pillar-two \
	  --title "AUKUS to open Pillar Two talks as Washington pushes for Japan to join"

# Browser tests drive Debian's Chromium (Playwright cannot download a browser here).
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

$(NODE_MODULES): widget/package-lock.json
	cd widget && npm ci --silent --no-audit --no-fund

# The widget's generated API types must be what the server's OpenAPI document makes (hence the
# virtualenv), tsc --noEmit must pass, and the committed bundle must be what its source builds,
# byte for byte, and within budget.
widget-check: $(STAMP) $(NODE_MODULES)
	widget/check-bundle.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests bench training
	$(BIN)/ruff format --check src tests bench training
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(STAMP) lint widget-check $(CHROMIUM)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

# The write path's faults alone (server killed, PostgreSQL restarted, Redis down, the disk full,
# SMTP stalled), about two minutes; `make test` runs them too. docs/operations.md says what each
# looks like from outside.
faults: $(STAMP)
	$(BIN)/python -m pytest -q tests/integration/test_write_faults.py \
	  tests/integration/test_disk_full.py tests/integration/test_mail_faults.py

# The API fuzzed deeper than `make test` does (schemathesis, both databases, 100 examples a
# operation instead of 15): about twenty minutes.
fuzz: $(STAMP)
	REJOINDER_FUZZ_EXAMPLES=100 $(BIN)/python -m pytest -q tests/integration/test_schemathesis.py

bench: $(STAMP)
	command -v wrk >/dev/null && command -v nginx >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx)
	$(BIN)/python bench/run.py

lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev -o requirements.lock --python $(BIN)/python
	$(BIN)/uv pip compile pyproject.toml --extra train -o requirements-train.lock --python $(BIN)/python

# Retrain the moderation models from training/data (writes src/rejoinder/moderation/models/).
train: $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-train.lock
	$(BIN)/python training/train.py
	$(BIN)/python training/spans.py
	$(BIN)/python training/page_floor.py

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache .import_linter_cache

# Fine-tune the accurate model (about 30 minutes on 2 cores) in its own environment: torch is a
# training dependency only. Then choose its bands and thresholds on dev data.
TRAIN_VENV ?= /tmp/rejoinder-trainvenv
train-accurate: $(STAMP)
	test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet -r training/requirements-accurate.txt
	$(TRAIN_VENV)/bin/python training/finetune.py
	$(BIN)/python training/cascade.py
	$(BIN)/python training/page_floor.py
