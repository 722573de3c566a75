package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"cityledger/domain"
	"cityledger/domain/storage/pgtest"
)

// recordsOfYear is a batch of n maintenance records dated in year, each distinct.
func recordsOfYear(year, n int) *domain.Batch {
	b := &domain.Batch{Source: "race.csv"}
	for i := 0; i < n; i++ {
		b.Records = append(b.Records, domain.Record{Date: domain.Date(fmt.Sprintf("%d-%02d-%02d", year, 1+i%12, 1+i%28)),
			WorkType: "维修", Cost: domain.Fen(100 + i), Note: "r" + strconv.Itoa(i)})
	}
	return b
}

// yearFigures is what the race's "report" holds: the year's records as the store
// has them when the close builds it.
type yearFigures struct {
	Count int64
	Cost  int64
}

func readYearFigures(ctx context.Context, d *DB, year int) (yearFigures, error) {
	var f yearFigures
	err := d.r.WithContext(ctx).Raw("SELECT COUNT(*) AS count, COALESCE(SUM(cost), 0) AS cost FROM maintenance_records WHERE year = ?", year).Scan(&f).Error
	return f, err
}

// Issue 16, case 1: an import of many records into year Y and close-year Y from
// another connection, 20 times with the close started at a random moment of the
// import. Every time, either the import finishes before the close (and the closed
// year's archived figures hold its rows) or it is refused (and no row of it is
// there): never a row in a closed year that its archived report does not count.
func TestImportAndCloseYearNeverLeaveARowInAClosedYear(t *testing.T) {
	backends(t, testImportCloseRace)
}

func testImportCloseRace(t *testing.T, d *DB) {
	ctx := context.Background()
	const rows = 20000
	runs := 20
	if s := os.Getenv("CITYLEDGER_RACE_RUNS"); s != "" {
		runs, _ = strconv.Atoi(s)
	}
	// How long one import takes here: the close is started anywhere in it.
	start := time.Now()
	if _, err := d.Import(ctx, recordsOfYear(1999, rows)); err != nil {
		t.Fatal(err)
	}
	span := time.Since(start)
	rng := rand.New(rand.NewPCG(16, uint64(time.Now().UnixNano())))
	var finishedFirst, refusedByServer, refusedUpFront int
	for i := 0; i < runs; i++ {
		year := 2001 + i
		delay := time.Duration(rng.Int64N(int64(span) * 5 / 4))
		var wg sync.WaitGroup
		var importErr error
		var sum domain.ImportSummary
		wg.Add(1)
		go func() {
			defer wg.Done()
			sum, importErr = d.Import(ctx, recordsOfYear(year, rows))
		}()
		time.Sleep(delay)
		var archived yearFigures
		closeErr := d.CloseYearWith(ctx, year, func(ctx context.Context) ([]byte, error) {
			f, err := readYearFigures(ctx, d, year)
			if err != nil {
				return nil, err
			}
			archived = f
			return json.Marshal(f)
		})
		wg.Wait()
		if closeErr != nil {
			t.Fatalf("run %d: close-year: %v", i, closeErr)
		}
		stored, err := readYearFigures(ctx, d, year)
		if err != nil {
			t.Fatal(err)
		}
		if stored != archived {
			t.Fatalf("run %d (close after %v): the closed year holds %+v, its archived report %+v (import: %v)", i, delay, stored, archived, importErr)
		}
		switch {
		case importErr == nil && sum.Added == rows && stored.Count == rows:
			finishedFirst++
		case errCode(importErr) == "err.year_closed" && stored.Count == 0:
			// The close came first; the import's rows reached the year after it and
			// the server refused them, all of them.
			refusedByServer++
		case domain.ErrorKind(importErr) == domain.KindInvalid && len(domain.FieldErrors(importErr)) > 0 &&
			domain.FieldErrors(importErr)[0].Rule == "year_closed" && stored.Count == 0:
			// The import began after the close and refused every row itself.
			refusedUpFront++
		default:
			t.Fatalf("run %d (close after %v): import %+v, %v; the year holds %+v", i, delay, sum, importErr, stored)
		}
		if importErr != nil {
			noDriverText(t, "import into a year being closed", importErr)
		}
	}
	t.Logf("%s: %d imports of %d records (one takes %v), close-year at a random moment: %d finished before the close, %d refused by the server after it, %d refused up front",
		d.Describe(), runs, rows, span.Round(time.Millisecond), finishedFirst, refusedByServer, refusedUpFront)
}

// A server restart in the middle of an import is a catalogue message saying the
// connection was lost, and leaves nothing of the import behind.
func TestServerRestartDuringAnImport(t *testing.T) {
	srv := pgtest.Start(t)
	ctx := context.Background()
	d, err := Open(ctx, srv.Superuser("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	b := recordsOfYear(2024, 400000)
	started := make(chan struct{})
	var once sync.Once
	b.Progress = func(done, total int) {
		if done >= 20000 {
			once.Do(func() { close(started) })
		}
	}
	errc := make(chan error, 1)
	go func() {
		_, err := d.Import(ctx, b)
		errc <- err
	}()
	select {
	case <-started:
	case err := <-errc:
		t.Fatalf("the import ended before the restart: %v", err)
	}
	srv.Restart(t)
	err = <-errc
	if domain.ErrorKind(err) != domain.KindEnvironment || errCode(err) != "err.server_lost" {
		t.Fatalf("import across a restart: %v (%#v)", err, err)
	}
	noDriverText(t, "import across a restart", err)
	// The pool reconnects: the store works again, and holds nothing of the import.
	var n int64
	deadline := time.Now().Add(30 * time.Second)
	for {
		n, _, err = d.CountRecords(ctx, domain.RecordFilter{Year: 2024})
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err != nil || n != 0 {
		t.Fatalf("after the restart: %d records of the import, %v", n, err)
	}
}

// The interleaving the random runs rarely hit, made to happen: the import has read
// the closed years (none) and holds no lock yet when close-year commits; its rows
// then reach the server, which refuses them all.
func TestImportThatReachesAClosedYearLateIsRefusedByTheServer(t *testing.T) {
	d := openPostgres(t)
	ctx := context.Background()
	b := recordsOfYear(2022, 20000)
	paused, resume := make(chan struct{}), make(chan struct{})
	var once sync.Once
	b.Progress = func(done, total int) {
		if done == 1000 { // before the first 5,000 rows are written
			once.Do(func() { close(paused); <-resume })
		}
	}
	errc := make(chan error, 1)
	go func() {
		_, err := d.Import(ctx, b)
		errc <- err
	}()
	<-paused
	if err := d.CloseYear(ctx, 2022, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	close(resume)
	err := <-errc
	if domain.ErrorKind(err) != domain.KindClosed || errCode(err) != "err.year_closed" {
		t.Fatalf("import into a year closed under it: %v", err)
	}
	noDriverText(t, "import into a year closed under it", err)
	if f, _ := readYearFigures(ctx, d, 2022); f.Count != 0 {
		t.Fatalf("%d records in the closed year", f.Count)
	}
}
