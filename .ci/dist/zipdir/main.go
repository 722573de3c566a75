// Command zipdir writes the Windows zip: the files under a folder, sorted, with one fixed
// time, and the UTF-8 flag on names such as 使用说明.txt (Info-ZIP's zip 3.0 sets neither
// the flag nor its Unicode field here, and Explorer on a Chinese Windows would then read
// the name as GBK).
//
//	go run ./.ci/dist/zipdir -o OUT.zip -C DIR NAME   zip DIR/NAME as NAME/…
//	go run ./.ci/dist/zipdir -list OUT.zip            one line per entry: flags, size, name
package main

import (
	"archive/zip"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"
)

func main() {
	out := flag.String("o", "", "zip file to write")
	dir := flag.String("C", ".", "folder the names are relative to")
	list := flag.String("list", "", "zip file to list")
	flag.Parse()
	var err error
	switch {
	case *list != "":
		err = listZip(*list, os.Stdout)
	case *out != "" && flag.NArg() == 1:
		err = writeZip(*out, *dir, flag.Arg(0), modTime())
	default:
		flag.Usage()
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "zipdir:", err)
		os.Exit(1)
	}
}

// modTime is SOURCE_DATE_EPOCH (the commit's time in make dist), else now.
func modTime() time.Time {
	if s, err := strconv.ParseInt(os.Getenv("SOURCE_DATE_EPOCH"), 10, 64); err == nil && s > 315532800 {
		return time.Unix(s, 0).UTC()
	}
	return time.Now().UTC()
}

func writeZip(out, dir, name string, mtime time.Time) error {
	var files []string
	err := filepath.WalkDir(filepath.Join(dir, name), func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		return err
	}
	sort.Strings(files)
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	for _, rel := range files {
		if err := add(zw, filepath.Join(dir, filepath.FromSlash(rel)), rel, mtime); err != nil {
			f.Close()
			return err
		}
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func add(zw *zip.Writer, path, name string, mtime time.Time) error {
	src, err := os.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: mtime}
	if !isASCII(name) && utf8.ValidString(name) {
		h.Flags |= 0x800 // archive/zip sets it too; explicit, because the point is this bit
	}
	w, err := zw.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, src)
	return err
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func listZip(path string, w io.Writer) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer zr.Close()
	for _, f := range zr.File {
		utf := "-"
		if f.Flags&0x800 != 0 {
			utf = "utf8"
		}
		fmt.Fprintf(w, "%s %d %s\n", utf, f.UncompressedSize64, f.Name)
	}
	return nil
}
