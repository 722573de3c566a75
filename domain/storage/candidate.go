package storage

import (
	"context"
	"errors"
	"io"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// checkCandidate checks a copy (file) of the backup src completely before anything
// is replaced, and returns its schema version: a SQLite file; sound by PRAGMA
// integrity_check; a schema version this program knows (a newer one is refused
// before anything changes); every table, column and index that the migrations it
// records create; no row pointing at a missing parent.
func checkCandidate(ctx context.Context, src, file string) (int, error) {
	notBackup := domain.Errorf(domain.KindInvalid, "err.not_a_backup", map[string]any{"Path": src})
	damaged := func(err error) error {
		return &domain.Error{Kind: domain.KindInvalid, Code: "err.backup_damaged", Params: map[string]any{"Path": src}, Err: err}
	}
	if !hasSQLiteHeader(file) {
		return 0, notBackup
	}
	g, err := gorm.Open(sqlite.Open(sqliteURI(file, "_foreign_keys=off&_busy_timeout=10000")), gormConfig())
	if err != nil {
		return 0, damaged(err)
	}
	defer closeGorm(g)
	db := g.WithContext(ctx)
	var problems []string
	if err := db.Raw("PRAGMA integrity_check").Scan(&problems).Error; err != nil {
		if isDamage(err) {
			return 0, damaged(err)
		}
		return 0, classify("restore check", err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return 0, damaged(errors.New(strings.Join(problems, "; ")))
	}
	var versions []int
	if err := db.Raw("SELECT version FROM schema_migrations ORDER BY version").Scan(&versions).Error; err != nil || len(versions) == 0 {
		return 0, notBackup
	}
	have := versions[len(versions)-1]
	if want := SchemaVersion(); have > want {
		return 0, domain.Errorf(domain.KindInvalid, "err.backup_newer", map[string]any{"Path": src, "Have": have, "Want": want})
	}
	if ms, err := migrations(); err == nil {
		if v, ok := unknownVersion(versions, ms); ok {
			return 0, domain.Errorf(domain.KindInvalid, "err.backup_unknown_version", map[string]any{"Path": src, "Have": v})
		}
	}
	ref, err := referenceShape(ctx, versions)
	if err != nil {
		return 0, err
	}
	got, err := shapeOf(db)
	if err != nil {
		return 0, classify("restore check", err)
	}
	if missing := ref.missingFrom(got); len(missing) > 0 {
		return 0, domain.Errorf(domain.KindInvalid, "err.backup_incomplete", map[string]any{"Path": src, "Version": have, "Missing": missing})
	}
	var orphans []struct{ Table string }
	if err := db.Raw("PRAGMA foreign_key_check").Scan(&orphans).Error; err != nil {
		return 0, classify("restore check", err)
	}
	if len(orphans) > 0 {
		return 0, damaged(errors.New("foreign_key_check: rows without their parent in " + orphans[0].Table))
	}
	return have, nil
}

func hasSQLiteHeader(file string) bool {
	f, err := os.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16)
	_, err = io.ReadFull(f, head)
	return err == nil && string(head) == "SQLite format 3\x00"
}

// isDamage reports a SQLite error that says the file is damaged.
func isDamage(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB)
}

// schemaShape is what a schema holds: tables with their columns, and indexes.
type schemaShape struct {
	tables  map[string]map[string]bool
	indexes map[string]bool
}

// missingFrom lists what s has that got lacks, tables first.
func (s schemaShape) missingFrom(got schemaShape) schemaParts {
	var out schemaParts
	for _, t := range sortedSet(s.tables) {
		cols, ok := got.tables[t]
		if !ok {
			out = append(out, schemaPart{partTable, t})
			continue
		}
		for _, c := range sortedSet(s.tables[t]) {
			if !cols[c] {
				out = append(out, schemaPart{partColumn, t + "." + c})
			}
		}
	}
	for _, ix := range sortedSet(s.indexes) {
		if !got.indexes[ix] {
			out = append(out, schemaPart{partIndex, ix})
		}
	}
	return out
}

func sortedSet[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// shapeOf reads the tables, columns and indexes of a SQLite database. Indexes a bulk
// load dropped and recorded in pending_indexes count as present: Open rebuilds them.
func shapeOf(db *gorm.DB) (schemaShape, error) {
	s := schemaShape{tables: map[string]map[string]bool{}, indexes: map[string]bool{}}
	var tables []string
	if err := db.Raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").Scan(&tables).Error; err != nil {
		return s, err
	}
	for _, t := range tables {
		var cols []string
		if err := db.Raw("SELECT name FROM pragma_table_info(?)", t).Scan(&cols).Error; err != nil {
			return s, err
		}
		s.tables[t] = map[string]bool{}
		for _, c := range cols {
			s.tables[t][c] = true
		}
	}
	var indexes []string
	if err := db.Raw("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").Scan(&indexes).Error; err != nil {
		return s, err
	}
	if _, ok := s.tables["pending_indexes"]; ok {
		var pending []string
		if err := db.Raw("SELECT name FROM pending_indexes").Scan(&pending).Error; err != nil {
			return s, err
		}
		indexes = append(indexes, pending...)
	}
	for _, ix := range indexes {
		s.indexes[ix] = true
	}
	return s, nil
}

var referenceShapes sync.Map // "1,2,3" → schemaShape

// referenceShape is the schema that the migrations of versions create, built once
// in an in-memory database.
func referenceShape(ctx context.Context, versions []int) (schemaShape, error) {
	key := sprintInts(versions)
	if s, ok := referenceShapes.Load(key); ok {
		return s.(schemaShape), nil
	}
	ms, err := migrations()
	if err != nil {
		return schemaShape{}, domain.Internal("restore check", err)
	}
	want := map[int]bool{}
	for _, v := range versions {
		want[v] = true
	}
	g, err := gorm.Open(sqlite.Open("file::memory:?_foreign_keys=off"), gormConfig())
	if err != nil {
		return schemaShape{}, domain.Internal("restore check", err)
	}
	defer closeGorm(g)
	sqlDB, err := g.DB()
	if err != nil {
		return schemaShape{}, domain.Internal("restore check", err)
	}
	sqlDB.SetMaxOpenConns(1) // one in-memory database, not one per connection
	db := g.WithContext(ctx)
	ref := &DB{}
	if err := db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`).Error; err != nil {
		return schemaShape{}, domain.Internal("restore check", err)
	}
	for _, m := range ms {
		if !want[m.version] {
			continue
		}
		for _, stmt := range splitSQL(ref.dialect(m.sql)) {
			if err := db.Exec(stmt).Error; err != nil {
				return schemaShape{}, domain.Internal("restore check", err)
			}
		}
	}
	s, err := shapeOf(db)
	if err != nil {
		return schemaShape{}, domain.Internal("restore check", err)
	}
	referenceShapes.Store(key, s)
	return s, nil
}

func sprintInts(vs []int) string {
	var b strings.Builder
	for _, v := range vs {
		b.WriteString(" ")
		b.WriteString(itoa(int64(v)))
	}
	return b.String()
}

// schemaPart is a table, column or index of a schema, for messages; kind is the
// catalogue key that names it.
type schemaPart struct{ kind, name string }

const (
	partTable  = "err.schema_table"
	partColumn = "err.schema_column"
	partIndex  = "err.schema_index"
)

// schemaParts renders as "表“assets”、列“assets.plate”" (the first few of them).
type schemaParts []schemaPart

func (ps schemaParts) Localize(lang i18n.Lang) string {
	const shown = 5
	var out []string
	for i, p := range ps {
		if i == shown {
			out = append(out, i18n.T(lang, "err.schema_more", map[string]any{"N": len(ps) - shown}))
			break
		}
		out = append(out, i18n.T(lang, p.kind, map[string]any{"Name": p.name}))
	}
	sep := ", "
	if lang == i18n.ZH {
		sep = "、"
	}
	return strings.Join(out, sep)
}
