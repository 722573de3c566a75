package storage

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"time"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// LockHolder is who holds a database for writing, as written into its lock file
// (ledger.db.lock) by the holder, so that a program refused the lock can name it.
type LockHolder struct {
	Program string    `json:"program"`
	PID     int       `json:"pid"`
	User    string    `json:"user"`
	Host    string    `json:"host"`
	Since   time.Time `json:"since"`
}

// Localize renders the holder in a message: "ledgerctl import（进程 4242，用户 li，主机
// pc-07，2026-12-04 10:15:03 起）".
func (h *LockHolder) Localize(lang i18n.Lang) string {
	if h == nil || h.Program == "" {
		return i18n.T(lang, "err.lock_holder_unknown", nil)
	}
	return i18n.T(lang, "err.lock_holder", map[string]any{"Program": h.Program, "PID": h.PID, "User": h.User,
		"Host": h.Host, "Since": h.Since.Local().Format("2006-01-02 15:04:05")})
}

func newHolder(program string) LockHolder {
	host, _ := os.Hostname() // an unknown host name is only less helpful
	return LockHolder{Program: program, PID: os.Getpid(), User: osUser(), Host: host, Since: time.Now()}
}

func (h LockHolder) encode() []byte {
	b, err := json.Marshal(h)
	if err != nil {
		return nil // a struct of strings and numbers always encodes
	}
	return append(b, '\n')
}

// readHolder reads who holds the lock of the database at path (nil when the lock
// file says nothing readable: a holder of an older version, or one that just started).
func readHolder(path string) *LockHolder {
	b, err := os.ReadFile(lockPath(path))
	if err != nil {
		return nil
	}
	var h LockHolder
	if json.Unmarshal(b, &h) != nil || h.PID == 0 {
		return nil
	}
	return &h
}

func lockPath(path string) string { return path + ".lock" }

// errLockedBy refuses a write to path that another program holds.
func errLockedBy(path string) error {
	return domain.Errorf(domain.KindConflict, "err.locked_by", map[string]any{"Path": path, "Holder": readHolder(path)})
}

// DefaultProgram names this program in lock files when the caller does not: the
// executable's name and its first argument ("ledgerctl import").
func DefaultProgram() string {
	name := strings.TrimSuffix(filepath.Base(os.Args[0]), ".exe")
	if len(os.Args) > 1 && !strings.HasPrefix(os.Args[1], "-") {
		name += " " + os.Args[1]
	}
	return name
}
