package cli

import (
	"fmt"
	"io"
	"os"

	"cityledger/domain"
	"cityledger/domain/atomicfile"
)

// stdoutName is the -o value that means standard output, for every command with -o.
const stdoutName = "-"

// refuseBinaryToTerminal says, and reports, that a binary format (XLSX, DOCX, a
// backup) asked for on standard output would go to a terminal: it must go to a file
// or a pipe. Text formats may go to a terminal.
func (e *Env) refuseBinaryToTerminal(out, format string) bool {
	if out != stdoutName || !isTerminal(e.contentOut()) {
		return false
	}
	fmt.Fprintln(e.Stderr, e.T("cli.binary_to_terminal", map[string]any{"Format": format}))
	return true
}

// isTerminal reports whether w is a terminal, not a file, a pipe or a device such
// as /dev/null (see terminal_*.go).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && fileIsTerminal(f)
}

// writeOutput writes what write produces to the file named by -o, all or nothing
// (atomicfile), or to standard output for "-".
func (e *Env) writeOutput(out string, write func(io.Writer) error) error {
	if out == stdoutName {
		return domain.FileError(e.T("cli.stdout"), write(e.contentOut()))
	}
	return atomicfile.Write(out, func(f *os.File) error { return write(f) })
}

// notices is where a command says what it wrote: standard error when standard output
// carries the content itself.
func (e *Env) notices(out string) io.Writer {
	if out == stdoutName {
		return e.Stderr
	}
	return e.Stdout
}

// sendNoticesToStderr makes the command's messages go to standard error, for a
// command whose standard output carries a file (import --errors -).
func (e *Env) sendNoticesToStderr() {
	if e.content == nil {
		e.content = e.Stdout
		e.Stdout = e.Stderr
	}
}

// contentOut is where "-o -" writes: standard output, even once the messages moved.
func (e *Env) contentOut() io.Writer {
	if e.content != nil {
		return e.content
	}
	return e.Stdout
}
