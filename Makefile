# Two commands set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test chat lint bench manifest clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## Serve the bot on SQLite with demo data at http://127.0.0.1:3978/api/messages
run: $(STAMP)
	DEMO_DATA=$${DEMO_DATA:-1} $(BIN)/samverkan serve

## Run lint and the whole test suite (PostgreSQL tests too when TEST_DATABASE_URL is set)
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

## Talk to the bot in this terminal, same bot, same database
chat: $(STAMP)
	DEMO_DATA=$${DEMO_DATA:-1} $(BIN)/samverkan chat

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python -m bench

## Reminder delivery: 10,000 due at once, SQLite and (with TEST_DATABASE_URL) PostgreSQL
.PHONY: bench-reminders
bench-reminders: $(STAMP)
	$(BIN)/python -m bench.reminders

## Reminder delivery with 30 % of the conversations hanging: healthy delay p95 beside no faults
.PHONY: bench-reminders-faults
bench-reminders-faults: $(STAMP)
	$(BIN)/python -m bench.reminders_faults

## SSD statistics (365 points) and chart rendering, each beside a same-run baseline
.PHONY: bench-ssd
bench-ssd: $(STAMP)
	$(BIN)/python -m bench.ssd_stats
	$(BIN)/python -m bench.ssd_chart

## An SSD rating turn over HTTP (1,000 clients x 5 targets x 365 days of ratings)
## beside the echo bot; PostgreSQL too with BENCH_DATABASE_URL=postgresql://…
.PHONY: bench-rating
bench-rating: $(STAMP)
	$(BIN)/python -m bench.ssd_rating_turn
	@if [ -n "$$BENCH_DATABASE_URL" ]; then \
		$(BIN)/python -m bench.ssd_rating_turn --database-url "$$BENCH_DATABASE_URL"; fi

## Who-does-what directory at 100,000 entries: import, search p95 and the vem turn beside
## the echo bot; PostgreSQL too with BENCH_DATABASE_URL=postgresql://…
.PHONY: bench-directory
bench-directory: $(STAMP)
	$(BIN)/python -m bench.directory
	@if [ -n "$$BENCH_DATABASE_URL" ]; then \
		$(BIN)/python -m bench.directory --database-url "$$BENCH_DATABASE_URL"; fi

## Conflict check and free-slot suggestion at 10,000 meetings (p95 target 20 ms) beside
## SELECT 1 and an audited call; PostgreSQL too with BENCH_DATABASE_URL=postgresql://…
.PHONY: bench-meetings
bench-meetings: $(STAMP)
	$(BIN)/python -m bench.meetings
	@if [ -n "$$BENCH_DATABASE_URL" ]; then \
		$(BIN)/python -m bench.meetings --database-url "$$BENCH_DATABASE_URL"; fi

manifest: $(STAMP)
	$(BIN)/samverkan manifest

clean:
	rm -rf $(VENV) data/*.sqlite3* build *.egg-info
