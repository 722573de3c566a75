// Package errlog writes the details of unexpected errors to a log file a person can
// send to support: one file a day, <dir>/cityledger-YYYY-MM-DD.log, the last 30 kept.
// Secrets registered with Redact (a database password) never reach the file.
package errlog

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// keepDays is how many daily files stay; older ones are removed when a new one starts.
const keepDays = 30

// Log appends entries to the daily file in its folder.
type Log struct {
	dir     string
	program string

	mu      sync.Mutex
	secrets []string
	now     func() time.Time
}

// New returns a log in dir for program (the name written on each entry). Nothing is
// created until the first entry.
func New(dir, program string) *Log {
	return &Log{dir: dir, program: program, now: time.Now}
}

// Dir is the folder of the log files.
func (l *Log) Dir() string { return l.dir }

// Redact registers a text that must never be written (a password); empty is ignored.
func (l *Log) Redact(secret string) {
	if secret == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.secrets = append(l.secrets, secret)
}

// Scrub replaces every registered secret in s.
func (l *Log) Scrub(s string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return scrub(s, l.secrets)
}

func scrub(s string, secrets []string) string {
	for _, x := range secrets {
		s = strings.ReplaceAll(s, x, "xxxxx")
	}
	return s
}

// Record appends detail to today's file and returns the file's path ("" when it could
// not be written: the folder is not writable, the disk is full).
func (l *Log) Record(detail string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.now()
	path := filepath.Join(l.dir, "cityledger-"+t.Format("2006-01-02")+".log")
	if err := os.MkdirAll(l.dir, 0o755); err != nil {
		return ""
	}
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return ""
	}
	line := fmt.Sprintf("%s %s pid %d: %s\n", t.Format(time.RFC3339), l.program, os.Getpid(), scrub(detail, l.secrets))
	_, werr := f.WriteString(line)
	if cerr := f.Close(); werr != nil || cerr != nil {
		return ""
	}
	if os.IsNotExist(statErr) {
		l.prune()
	}
	return path
}

// prune removes the daily files beyond the newest keepDays.
func (l *Log) prune() {
	files, err := filepath.Glob(filepath.Join(l.dir, "cityledger-*.log"))
	if err != nil || len(files) <= keepDays {
		return
	}
	sort.Strings(files) // the date in the name sorts by age
	for _, f := range files[:len(files)-keepDays] {
		_ = os.Remove(f) // a file that stays is harmless
	}
}
