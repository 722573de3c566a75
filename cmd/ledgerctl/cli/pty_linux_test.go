package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// openPseudoTerminal opens the terminal end of a new pseudo-terminal.
func openPseudoTerminal(t *testing.T) *os.File {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { master.Close() })
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	tty, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_WRONLY|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	return tty
}

// A binary format is not sent to a terminal.
func TestBinaryOutputIsNotSentToATerminal(t *testing.T) {
	tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if err != nil {
		// No controlling terminal here (CI): a pseudo-terminal stands in.
		tty = openPseudoTerminal(t)
	}
	defer tty.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "ledger.db")
	run(t, "--db", db, "demo")
	for _, args := range [][]string{
		{"report", "--year", "2020", "--format", "xlsx", "-o", "-"},
		{"template", "lamps", "-o", "-"},
		{"backup", "-o", "-"},
	} {
		var errOut bytes.Buffer
		code := Main(append([]string{"--db", db, "--lang", "zh"}, args...), nil, tty, &errOut)
		if code != exitMisuse || !strings.Contains(errOut.String(), "终端") {
			t.Errorf("%s to a terminal: exit %d\n%s", strings.Join(args, " "), code, errOut.String())
		}
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if code := Main([]string{"--db", db, "backup", "-o", "-"}, nil, null, &bytes.Buffer{}); code != 0 {
		t.Errorf("backup to %s: exit %d", os.DevNull, code)
	}
}
