# CityLedger. Two commands on a fresh Debian/Ubuntu machine:
#   make run    install what is missing, build, open the app (demo district on first start)
#   make test   install what is missing, vet, run every test (with the Xvfb smoke test)
# Packages (as root): make dist builds the Windows zip and the amd64/arm64 .debs into dist/.
export PATH := /usr/local/go/bin:$(PATH)
export CGO_ENABLED := 1
GO ?= go
BIN := bin

.PHONY: run test build deps-run deps-test vet unit race smoke loadtest soak clean dist dist-check dist-prove

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

# The store and import tests once more under the race detector (both backends).
race:
	.ci/pg.sh $(GO) test -race -count=1 -timeout 40m ./domain/storage/... ./domain/exchange/...

test: deps-test vet unit race dist-check

# Longer runs than make test affords: every fuzz target for 5 minutes, and kill -9 at
# 20 random moments of import, gen, restore and a bulk edit.
soak:
	.ci/fuzz.sh 5m
	CITYLEDGER_KILLS=20 $(GO) test -count=1 -timeout 3h -v -run KilledAtRandomMoments ./cmd/ledgerctl/cli

# Windows zip, amd64 and arm64 .debs and SHA256SUMS into dist/. Installs the missing
# toolchains (.ci/deps.sh dist); PROJ for mingw and the bullseye build root are cached
# in /var/cache/cityledger-dist (CITYLEDGER_DIST_CACHE), so a second run only compiles Go.
dist:
	.ci/dist/build.sh

# The packaging scripts on stand-in programs: control data, file lists, checksums.
dist-check:
	.ci/dist/check.sh

# Runs what make dist built: the zip under wine, the arm64 ledgerctl under qemu, the
# amd64 .deb installed into a fresh debootstrap chroot. Evidence in dist/prove/.
dist-prove:
	.ci/dist/prove.sh

# 20 concurrent report clients while one client imports 100,000 records, on a
# throw-away PostgreSQL server.
loadtest:
	.ci/pg.sh sh -c 'CITYLEDGER_LOAD_DB="$$CITYLEDGER_PG_DSN" $(GO) test -count=1 -run TestLoadReportsDuringImport -v -timeout 30m ./cmd/ledgerctl/cli'

clean:
	rm -rf $(BIN)
