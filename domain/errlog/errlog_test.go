package errlog

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// Issue 10, case 18: an unexpected error says so, and its cause goes to a dated log
// file whose path the message gives; secrets never reach the file.
func TestInternalErrorsGoToTheLogNamedInTheMessage(t *testing.T) {
	dir := t.TempDir()
	l := New(dir, "ledgerctl test")
	l.Redact("Secret99@")
	previous := domain.SetInternalReporter(l.Record)
	defer func() { domain.SetInternalReporter(previous) }()
	err := domain.Internal("save", errors.New("sql: Scan error on column index 3: converting NULL; dsn postgres://u:Secret99@@h/db"))
	zh, en := domain.Message(i18n.ZH, err), domain.Message(i18n.EN, err)
	log := filepath.Join(dir, "cityledger-"+time.Now().Format("2006-01-02")+".log")
	for _, msg := range []string{zh, en} {
		if !strings.Contains(msg, log) || strings.Contains(msg, "sql:") || strings.Contains(msg, "save") {
			t.Errorf("message %q: want the log's path and no cause", msg)
		}
	}
	b, rerr := os.ReadFile(log)
	if rerr != nil {
		t.Fatal(rerr)
	}
	if n := strings.Count(string(b), "converting NULL"); n != 1 {
		t.Errorf("the cause is logged %d times, want once:\n%s", n, b)
	}
	if strings.Contains(string(b), "Secret99") || !strings.Contains(string(b), "ledgerctl test") {
		t.Errorf("log:\n%s", b)
	}
	if domain.Message(i18n.ZH, errors.New("a foreign error")) == "" {
		t.Error("a foreign error rendered empty")
	}
}

func TestOldLogFilesArePruned(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < keepDays+5; i++ {
		name := filepath.Join(dir, "cityledger-"+time.Date(2020, 1, 1+i, 0, 0, 0, 0, time.UTC).Format("2006-01-02")+".log")
		if err := os.WriteFile(name, []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l := New(dir, "test")
	if l.Record("today") == "" {
		t.Fatal("not written")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "cityledger-*.log"))
	if len(files) != keepDays {
		t.Errorf("%d files kept, want %d", len(files), keepDays)
	}
}
