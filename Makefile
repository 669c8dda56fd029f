# Sozialauskunft: `make run` starts everything, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
RASA_VENV := $(VENV)/rasa
APP_VENV  := $(VENV)/app
# Rasa loads the custom German components (assistant.components) from the project.
RASA      := PYTHONPATH=$(CURDIR) $(RASA_VENV)/bin/rasa
RASA_PY   := PYTHONPATH=$(CURDIR) $(RASA_VENV)/bin/python
APP_PY    := $(APP_VENV)/bin/python
DEMO      := catalogue/demo
BERLIN_CSV ?= ../shared/datasets/berlin-hilf-mir/hilf-mir-berlin.csv
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: fit-search help install seed catalogue reset-catalogue backup restore-backup train run test test-python test-rasa validate chromium eval bench lint clean \
	editor-user coverage screenshots

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(RASA_VENV)/.installed: requirements/rasa.lock.txt
	@py=$$(scripts/find-python310.sh) && echo "Rasa-Umgebung mit $$py …" && \
	  rm -rf $(RASA_VENV) && $$py -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install -q --disable-pip-version-check -r requirements/rasa.lock.txt
	@# The German text package (german_text) is shared with the app environment.
	$(RASA_VENV)/bin/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

$(APP_VENV)/.installed: requirements/app.lock.txt
	@py=$$(scripts/find-python310.sh) && echo "App-Umgebung mit $$py …" && \
	  rm -rf $(APP_VENV) && $$py -m venv $(APP_VENV)
	$(APP_VENV)/bin/pip install -q --disable-pip-version-check -r requirements/app.lock.txt
	$(APP_VENV)/bin/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

install: $(RASA_VENV)/.installed $(APP_VENV)/.installed ## Create both environments (Rasa, app)

seed: $(APP_VENV)/.installed ## Load the demo files into an empty catalogue database (never into one with entries)
	$(APP_PY) -m catalogue seed $(DEMO)

catalogue: $(APP_VENV)/.installed ## Re-import the demo files (keeps editors' changes and other sources)
	$(APP_PY) -m catalogue load $(DEMO) --source demo

reset-catalogue: $(APP_VENV)/.installed ## Start over from the demo files (backs up first; asks, or CONFIRM=1)
	$(APP_PY) -m catalogue reset $(DEMO) $(if $(CONFIRM),--yes)

backup: $(APP_VENV)/.installed ## Back up the whole catalogue with its history to var/backups/ (or FILE=...)
	$(APP_PY) -m catalogue backup $(or $(FILE),var/backups/katalog-$(shell date +%Y%m%d-%H%M%S).json.gz)

restore-backup: $(APP_VENV)/.installed ## Replace the catalogue by a backup: make restore-backup FILE=... [CONFIRM=1]
	@if [ -z "$(FILE)" ]; then echo "Bitte FILE angeben: make restore-backup FILE=var/backups/…json.gz"; exit 2; fi
	$(APP_PY) -m catalogue restore-backup "$(FILE)" $(if $(CONFIRM),--yes)

train: $(RASA_VENV)/.installed ## Train the Rasa model when data or config changed
	@PYTHONPATH=$(CURDIR) scripts/train-if-changed.sh $(RASA_VENV)/bin/rasa

run: install seed train ## Set up and start action server, Rasa and web chat
	$(APP_PY) scripts/serve.py

chromium: requirements/npm/node_modules/.installed ## Install Debian's Chromium and axe-core for the browser tests when missing
	@scripts/ensure-chromium.sh

# axe-core from npm: injected into pages by the accessibility tests, never served to users.
requirements/npm/node_modules/.installed: requirements/npm/package-lock.json
	cd requirements/npm && npm ci --no-audit --no-fund --silent
	@touch $@

# Responses sent only by custom actions are "not used in any story or rule" for
# the validator; every other warning fails the target.
validate: $(RASA_VENV)/.installed ## Check the Rasa domain, rules, stories and NLU data
	@mkdir -p results
	$(RASA) data validate --config config.yml --domain assistant/domain \
	  --data nlu_data assistant/rules assistant/stories 2>&1 | tee results/validate.log; \
	  test $${PIPESTATUS[0]} -eq 0
	@if grep "UserWarning" results/validate.log | grep -v "is not used in any story or rule"; then \
	  echo "Fehler: rasa data validate meldet Warnungen (siehe oben)." >&2; exit 1; fi

test-rasa: train validate ## Run the conversation tests
	$(RASA) test core --model models --stories tests/conversations \
	  --e2e --fail-on-prediction-errors --out results/conversations

test-python: install chromium train ## Run pytest (catalogue, actions, web chat, end-to-end)
	$(APP_PY) -m pytest

test: test-python test-rasa ## Run every test

fit-search: install ## Fit the search's ranking weights on the dev questions (writes catalogue/search_weights_fitted.yml)
	$(APP_PY) scripts/fit_search_weights.py

eval: install train ## Evaluate intents, crisis, masking, search and whole dialogues (held-out sets) against baselines
	$(APP_VENV)/bin/pip install -q --disable-pip-version-check --no-deps -r requirements/eval.txt
	$(APP_PY) scripts/eval_retrieval.py
	@if [ -f $(BERLIN_CSV) ]; then $(APP_PY) scripts/eval_retrieval.py --catalogue $(BERLIN_CSV) \
	  --questions tests/retrieval/berlin_questions.yml; else echo "$(BERLIN_CSV) fehlt: Berlin-Auswertung übersprungen"; fi
	$(RASA_PY) scripts/eval_intents.py --seeds 1 2
	$(APP_PY) scripts/eval_crisis.py
	$(APP_PY) scripts/eval_masking.py
	$(APP_PY) scripts/eval_dialogues.py

bench: install seed train ## Measure chat reply time (/api/chat, SQL vs in-memory tracker store), search at 10,000 and 100,000 services (SQLite, PostgreSQL), handouts
	$(APP_PY) scripts/bench_search.py
	$(APP_PY) scripts/bench_chat.py
	$(APP_PY) scripts/bench_handout.py

editor-user: $(APP_VENV)/.installed ## Create an editor account: make editor-user NAME=... [ROLE=admin]
	@if [ -z "$(NAME)" ]; then echo "Bitte NAME angeben: make editor-user NAME=m.mustermann ROLE=admin"; exit 2; fi
	$(APP_VENV)/bin/flask --app webchat editor add-user "$(NAME)" --role $(or $(ROLE),editor)

coverage: $(APP_VENV)/.installed ## Draw which categories each district has (docs/coverage-*.svg)
	$(APP_PY) scripts/coverage.py --catalogue $(DEMO) --out docs/coverage-demo.svg \
	  --title "Abdeckung des Demo-Katalogs (Musterstadt, fiktiv)"
	@if [ -f $(BERLIN_CSV) ]; then $(APP_PY) scripts/coverage.py --catalogue $(BERLIN_CSV) \
	  --out docs/coverage-berlin.svg --title "Abdeckung: Hilf-mir-Verzeichnis Berlin"; fi

screenshots: install chromium ## Redraw the editor pictures in docs/ (the chat picture needs make run: scripts/screenshot.py)
	$(APP_PY) scripts/screenshot_editor.py

lint: $(APP_VENV)/.installed ## Lint and check formatting with ruff
	$(APP_VENV)/bin/ruff check catalogue german_text actions webchat assistant tests scripts
	$(APP_VENV)/bin/ruff format --check catalogue german_text actions webchat assistant tests scripts

clean: ## Remove environments, models, database and test results
	rm -rf $(VENV) models var results .pytest_cache
