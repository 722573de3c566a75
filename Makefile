# CityLedger. Two commands on a fresh Debian/Ubuntu machine:
#   make run    install what is missing, build, open the app (demo district on first start)
#   make test   install what is missing, vet, run every test (with the Xvfb smoke test)
export PATH := /usr/local/go/bin:$(PATH)
export CGO_ENABLED := 1
GO ?= go
BIN := bin

.PHONY: run test build deps-run deps-test vet unit smoke loadtest clean

run: deps-run build
	./$(BIN)/cityledger

build:
	$(GO) build -o $(BIN)/cityledger ./cmd/cityledger
	$(GO) build -o $(BIN)/ledgerctl ./cmd/ledgerctl

deps-run:
	@.ci/deps.sh run

deps-test:
	@.ci/deps.sh test

# staticcheck comes from the Go module proxy at a pinned version.
vet:
	$(GO) vet ./... cityledger/domain/testdata
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./... cityledger/domain/testdata

# The Go tests of every package; the PostgreSQL-backed store tests start their own
# server on loopback (.ci/pg.sh) when PostgreSQL is installed. Then every fuzz
# target for a few seconds (.ci/fuzz.sh; longer runs: .ci/fuzz.sh 5m).
unit:
	.ci/pg.sh $(GO) test -count=1 -timeout 40m ./... cityledger/domain/testdata
	.ci/fuzz.sh 5s

# The real-window smoke test alone (it is also part of unit): every screen rendered
# to PNG under Xvfb in both languages, each checked for blank images.
smoke:
	$(GO) test -count=1 -run TestScreenshotsOfEveryScreenInBothLanguages -v ./cmd/cityledger

test: deps-test vet unit

# 20 concurrent report clients while one client imports 100,000 records, on a
# throw-away PostgreSQL server.
loadtest:
	.ci/pg.sh sh -c 'CITYLEDGER_LOAD_DB="$$CITYLEDGER_PG_DSN" $(GO) test -count=1 -run TestLoadReportsDuringImport -v -timeout 30m ./cmd/ledgerctl/cli'

clean:
	rm -rf $(BIN)
