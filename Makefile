# placeboard: two commands for a newcomer, `make run` and `make test`.
GO       ?= go
BIN      := bin/placeboard
ADDR     ?= 127.0.0.1:8080
DATA     ?= ./placeboard-data
# PostgreSQL used by the store tests; CI runs a local server with trust auth.
PLACEBOARD_TEST_POSTGRES ?= postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable
export PLACEBOARD_TEST_POSTGRES

.PHONY: run build assets test test-deps lint fuzz bench clean

run: build
	./$(BIN) serve --addr $(ADDR) --data $(DATA) --demo

build: assets
	$(GO) build -o $(BIN) ./cmd/placeboard

# Front-end assets come from npm (package-lock.json pins them) and are copied
# into a git-ignored folder that the binary embeds.
assets: internal/web/static/vendor/.stamp

internal/web/static/vendor/.stamp: package.json package-lock.json scripts/copy-assets.sh
	npm ci --no-audit --no-fund --loglevel=error
	sh scripts/copy-assets.sh
	touch $@

# Browser tests need Chromium; CI installs it from Debian's packages.
test-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "installing chromium for the browser tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "chromium is not installed: the browser tests will skip (run as root or install it)"; \
		fi; \
	fi

# The whole suite. Lint, the race-detector runs and the main run go at once
# (make -j3): the main run spends much of its time waiting for PostgreSQL and
# Chromium, which the other two fill with work. --output-sync keeps each
# part's output together; the main run, the longest, usually prints last.
test: assets test-deps
	@$(MAKE) --no-print-directory -j3 --output-sync=target lint test-race test-main

.PHONY: test-main test-race
test-main:
	$(GO) test -count=1 -timeout 20m ./...

test-race:
	$(GO) test -count=1 -race -timeout 10m ./internal/audit/... ./internal/auth/...
	# The store's tests that run requests side by side, under the race detector
	# (the whole package takes about 5 minutes with -race on two cores).
	$(GO) test -count=1 -race -timeout 10m -run 'Concurrent|Parallel|Busy|Twice|GroupCommit|Throttle|OncePerPerson' ./internal/store/...
	$(GO) test -count=1 -race -timeout 10m -run 'TestStats|TestReadCSV|TestPlainParser|TestCheckRows|TestRowLines|TestAdd1SideBySide|TestAdd1Gallop|TestPBAllocate' ./internal/cli/ ./internal/stats/batch/ ./internal/pb/

# gofmt, go vet and staticcheck must all be clean.
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/stats/... ./internal/pb/...

clean:
	rm -rf bin node_modules internal/web/static/vendor
