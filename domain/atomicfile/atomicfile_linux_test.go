//go:build linux

package atomicfile

import (
	"os"
	"testing"

	"cityledger/domain"
)

// A device is written as it is, never replaced (renaming over /dev/full as root would
// destroy it); /dev/full's ENOSPC is the full-disk message.
func TestWriteToADeviceWritesIt(t *testing.T) {
	err := Write("/dev/full", func(f *os.File) error { _, err := f.WriteString("x"); return err })
	if de, ok := err.(*domain.Error); !ok || de.Code != "err.disk_full" || de.Kind != domain.KindEnvironment {
		t.Fatalf("writing /dev/full: %v", err)
	}
	if st, err := os.Stat("/dev/full"); err != nil || st.Mode()&os.ModeDevice == 0 {
		t.Fatalf("/dev/full is no longer a device: %v %v", st, err)
	}
	if err := Write(os.DevNull, func(f *os.File) error { _, err := f.WriteString("x"); return err }); err != nil {
		t.Fatalf("writing %s: %v", os.DevNull, err)
	}
}
