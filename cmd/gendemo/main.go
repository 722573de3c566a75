// Command gendemo writes the demo district's data files: the CSV files in assets/demo
// that CityLedger loads on first start through its ordinary CSV importer.
//
//	go run ./cmd/gendemo -o assets/demo
//
// The demo district is modelled on the 2020 final-accounts report of 攀枝花市西区综合行政执法局
// (see assets/demo/README.md for which facts come from that report and what is invented).
// The hand-typed facts are data files under facts/ (embedded); the program places the
// registers on the map, measures them and writes the year's records from those facts.
// It is deterministic (fixed random seed, no maps on output paths): two runs write
// byte-identical files. After writing, it reads the files back and checks every fact the
// report and its golden tests rely on; it exits 1 naming each failed check. Money is
// domain.Fen, geometry orb's, written as WKT by orb and read back by the importer's
// reader, and the stated figures are checked against domain/geo's ellipsoidal measures.
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"cityledger/domain"
)

func main() {
	out := flag.String("o", "assets/demo", "output directory")
	flag.Parse()
	if err := generate(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gendemo:", err)
		os.Exit(1)
	}
	summary(*out)
}

// generate writes the files into dir and checks them; the error names every failed
// check. It runs once per process (the random source and the facts are the program's).
func generate(dir string) error {
	loadFacts()
	if len(failures) > 0 {
		return checkFailed()
	}
	g := &gen{}
	g.buildVehicles()
	g.buildLamps()
	g.buildGreens()
	g.buildFacilities()
	g.buildPipes()
	g.buildRoads()
	g.buildProjects()
	g.buildRecords()
	g.checkBuild()
	if len(failures) > 0 {
		return checkFailed()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, t := range g.tables() {
		if err := os.WriteFile(filepath.Join(dir, t.name), encode(t), 0o644); err != nil {
			return err
		}
	}
	readBack(dir).check()
	if len(failures) > 0 {
		return checkFailed()
	}
	return nil
}

func summary(dir string) { readBack(dir).summary() }

func checkFailed() error {
	return fmt.Errorf("check failed:\n  %s", strings.Join(failures, "\n  "))
}

// checkBuild checks what the files cannot show: the lamps' spacing along their roads.
func (g *gen) checkBuild() {
	for _, r := range g.lampRuns {
		expect(r.actualSpacing >= 25 && r.actualSpacing <= 40, "lamps on %s (%.2f–%.2f): spacing %.1f m, want 25–40", r.street, r.f0, r.f1, r.actualSpacing)
	}
}

// ---------------------------------------------------------------------------------------
// Numbers

// yuan is y 元.
func yuan(y int64) domain.Fen { return domain.Fen(y * 100) }

// parseMoney reads the files' money format strictly: digits, a point, exactly two
// digits (what domain.Fen.Yuan writes), then as the importer reads amounts.
func parseMoney(s string) (domain.Fen, error) {
	whole, frac, ok := strings.Cut(s, ".")
	if !ok || len(frac) != 2 || whole == "" || (len(whole) > 1 && whole[0] == '0') || strings.Trim(whole+frac, "0123456789") != "" {
		return 0, fmt.Errorf("money %q: want digits.dd", s)
	}
	return domain.ParseYuan(s)
}

// centi rounds a length or area to hundredths (0.01 m, 0.01 ㎡) as an integer.
func centi(v float64) int64 { return int64(math.Round(v * 100)) }

func fmtCenti(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }

// parseCenti reads "1234.56" (exactly two decimals) into hundredths.
func parseCenti(s string) (int64, error) {
	f, err := parseMoney(s)
	return int64(f), err
}

// fmtNum prints a small decimal without trailing zeros: 150, 6.5.
func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
