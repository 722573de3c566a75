package domain

import (
	"errors"
	"fmt"
	"strings"
	"sync"
)

// InternalReporter keeps the details of an unexpected error somewhere a person can
// send to support (a log file) and returns where ("" when it could not).
type InternalReporter func(detail string) (where string)

var reporting struct {
	sync.Mutex
	fn   InternalReporter
	done map[*Error]string // errors already reported, so a message rendered twice logs once
}

// SetInternalReporter installs the reporter that internal errors hand their cause to
// when they are first rendered for a person (nil removes it) and returns the one it
// replaces. The programs install one at start (cmd/cityledger, cmd/ledgerctl); the
// domain itself writes no files.
func SetInternalReporter(fn InternalReporter) (previous InternalReporter) {
	reporting.Lock()
	defer reporting.Unlock()
	previous = reporting.fn
	reporting.fn = fn
	reporting.done = map[*Error]string{}
	return previous
}

func currentReporter() InternalReporter {
	reporting.Lock()
	defer reporting.Unlock()
	return reporting.fn
}

// report hands the error's cause to the reporter once and returns where it went.
func (e *Error) report() string {
	reporting.Lock()
	defer reporting.Unlock()
	if reporting.fn == nil {
		return ""
	}
	if where, ok := reporting.done[e]; ok {
		return where
	}
	where := reporting.fn(e.detail())
	if len(reporting.done) > 1000 {
		reporting.done = map[*Error]string{}
	}
	reporting.done[e] = where
	return where
}

// detail is the developer's account of an internal error: what was being done and
// the whole chain of causes.
func (e *Error) detail() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s", e.Code)
	if op, ok := e.Params["Op"]; ok {
		fmt.Fprintf(&b, " during %v", op)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v (%T)", e.Err, e.Err)
	}
	return b.String()
}

// ReportInternal hands an internal error's cause to the reporter (once) and returns
// where it went; "" for other errors or without a reporter.
func ReportInternal(err error) string {
	if ErrorKind(err) != KindInternal {
		return ""
	}
	var de *Error
	if !errors.As(err, &de) {
		de = Internal("?", err).(*Error) // a foreign error is a fault of the program
	}
	return de.report()
}
