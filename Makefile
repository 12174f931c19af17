# The two commands of the README: `make run` (the app with demo data) and `make test` (the suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Tests run against the real PostgreSQL and Redis on this machine (see .ci/services).
TEST_ENV := DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/okr} \
	REDIS_URL=$${TEST_REDIS_URL:-redis://127.0.0.1:6379/0} \
	SECRET_KEY=tests-only-not-secret DEBUG=0 DB_CONN_MAX_AGE=0

.PHONY: install constraints run test lint format bench messages mutants

install: $(VENV)/.installed

# Every package, dependencies of dependencies included, at the version in constraints.txt
# (written by `make constraints`), so each machine installs the same thing.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt '.[dev]'
	touch $@

# After changing a pin in pyproject.toml: install it, then write down the whole set again.
constraints:
	$(BIN)/python -m pip install -q '.[dev]'
	$(BIN)/python -m pip freeze | grep -v '^okr[ =@]' > constraints.txt

# The web app on 127.0.0.1:$(PORT), and a Celery worker with beat beside it so reminders are really
# sent (to the console). Without DATABASE_URL/REDIS_URL: SQLite and a broker in .broker/.
PORT ?= 8000
DEMO_LANGUAGE ?= da
RUN_ENV := DEBUG=1 SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}
# Celery warns on every start when it runs as root, as the demo does on a fresh machine; the
# image runs it as a user of its own, where the warning stays on.
WORKER_ENV := $(if $(filter 0,$(shell id -u)),PYTHONWARNINGS="ignore:You're running the worker with superuser privileges")
run: install
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed_demo --language $(DEMO_LANGUAGE)
	$(RUN_ENV) $(WORKER_ENV) $(BIN)/celery -A okr_site worker --beat --pool=solo --loglevel=info & \
	trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	SECRET_KEY=type-checking-only DEBUG=1 $(BIN)/mypy okr_site organisation objectives \
		key_results approvals progress
	$(BIN)/lint-imports --no-cache

# After adding or changing UI text: refresh the Danish catalogue, translate, then compile.
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l da --ignore=.venv --ignore=tests \
		--ignore=bench --no-obsolete
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Every page beside a bare page, in process and over HTTP (gunicorn), on a big organisation in
# PostgreSQL (okr_bench, filled once); the reminder run and a worker's memory too. See bench/run.py.
BENCH_ENV := DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/okr_bench} \
	REDIS_URL=$${BENCH_REDIS_URL:-redis://127.0.0.1:6379/1} \
	SECRET_KEY=bench-only-not-secret DEBUG=0
bench: install
	bash .ci/services
	psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'okr_bench'" \
		| grep -q 1 || createdb -h 127.0.0.1 -U postgres okr_bench
	$(BENCH_ENV) $(BIN)/python bench/run.py

test: install lint
	bash .ci/services
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# Removes each guard (lock, permission check, validation) in turn and runs the tests that should
# notice; lists any guard no test proves.
mutants: install
	bash .ci/services
	$(BIN)/python .ci/mutants.py
