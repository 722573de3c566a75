package exchange

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// A file read through a pipe (`ledgerctl import units <(…)`, /dev/stdin) is read like
// any file: the readers read twice, so its bytes are spooled to a temporary file,
// which Close removes.
func TestOpenReadsAPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "units.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		w.WriteString("name,short_name\n市政所,市政所\n")
		w.Close()
	}()
	src, err := Open(fifo, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	row, err := src.Next()
	if err != nil || len(row.Cells) != 2 || row.Cells[0] != "市政所" {
		t.Fatalf("row %+v %v", row, err)
	}
	if _, err := src.Next(); err != io.EOF {
		t.Errorf("after the only row: %v", err)
	}
	if err := src.Close(); err != nil {
		t.Error(err)
	}
	left, _ := filepath.Glob(filepath.Join(os.TempDir(), "cityledger-import-*"))
	if len(left) > 0 {
		t.Errorf("spooled copies left: %v", left)
	}
}

// A pipe that never ends (`/dev/zero` given as the file, a runaway producer) is refused
// at MaxPipedBytes instead of filling the disk with its copy.
func TestOpenRefusesAPipeOverTheLimit(t *testing.T) {
	defer func(n int) { MaxPipedBytes = n }(MaxPipedBytes)
	MaxPipedBytes = 1 << 10
	fifo := filepath.Join(t.TempDir(), "endless.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		line := []byte("code,unit\n")
		for i := 0; i < 1000; i++ {
			if _, err := w.Write(line); err != nil {
				return // the reader stopped at the limit
			}
		}
	}()
	_, err := Open(fifo, ReadOptions{})
	de, ok := err.(*domain.Error)
	if !ok || de.Code != "exchange.err.pipe_too_large" || de.Params["Limit"] != "1 KB" {
		t.Fatalf("an endless pipe: %v", err)
	}
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		if msg := domain.Message(lang, err); !strings.Contains(msg, "1 KB") || !strings.Contains(msg, "endless.csv") {
			t.Errorf("%s: %s", lang, msg)
		}
	}
	left, _ := filepath.Glob(filepath.Join(os.TempDir(), "cityledger-import-*"))
	if len(left) > 0 {
		t.Errorf("spooled copies left: %v", left)
	}
}
