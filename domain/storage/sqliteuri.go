package storage

import (
	"path/filepath"
	"strings"
)

// sqliteURI is the connection string that opens exactly the file at path: an
// absolute file: URI with every byte that a URI would read as syntax (# ? % and
// spaces, non-ASCII bytes…) percent-escaped, then the query of SQLite and driver
// parameters. A bare path with "#" would open the file named up to it.
func sqliteURI(path, params string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path // only the current folder is unknown; the path as given is the best left
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x → /C:/x, the form SQLite reads on Windows
	}
	var b strings.Builder
	b.WriteString("file://")
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~/:", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	if params != "" {
		b.WriteString("?")
		b.WriteString(params)
	}
	return b.String()
}
