package exchange

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
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
