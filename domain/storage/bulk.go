package storage

import (
	"database/sql"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// maxBindVars keeps a statement under SQLite's limit of 32,766 bound variables
// (PostgreSQL allows 65,535).
const maxBindVars = 32000

// insertMany inserts rows in multi-row INSERT statements: the fast path for imports
// and generated data, where GORM's per-row reflection would dominate. Full chunks go
// through one prepared statement on the raw transaction.
func insertMany(tx *gorm.DB, table string, columns []string, rows [][]any) error {
	if raw, ok := sqlTx(tx); ok {
		return insertManyRaw(raw, tx.Dialector.Name() == "postgres", table, columns, rows)
	}
	if len(rows) == 0 {
		return nil
	}
	per := maxBindVars / len(columns)
	if per > 500 {
		per = 500
	}
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(columns)), ",") + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES "
	for start := 0; start < len(rows); start += per {
		end := start + per
		if end > len(rows) {
			end = len(rows)
		}
		var sb strings.Builder
		sb.WriteString(head)
		args := make([]any, 0, (end-start)*len(columns))
		for i := start; i < end; i++ {
			if i > start {
				sb.WriteByte(',')
			}
			sb.WriteString(one)
			args = append(args, rows[i]...)
		}
		if err := tx.Exec(sb.String(), args...).Error; err != nil {
			return err
		}
	}
	return nil
}

func insertManyRaw(tx *sql.Tx, postgres bool, table string, columns []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	per := maxBindVars / len(columns)
	if per > 500 {
		per = 500
	}
	build := func(n int) string {
		var sb strings.Builder
		sb.WriteString("INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ")
		k := 0
		for i := 0; i < n; i++ {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteByte('(')
			for c := range columns {
				if c > 0 {
					sb.WriteByte(',')
				}
				k++
				if postgres {
					sb.WriteString("$" + strconv.Itoa(k))
				} else {
					sb.WriteByte('?')
				}
			}
			sb.WriteByte(')')
		}
		return sb.String()
	}
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, per*len(columns))
	for start := 0; start < len(rows); start += per {
		end := min(start+per, len(rows))
		args = args[:0]
		for i := start; i < end; i++ {
			args = append(args, rows[i]...)
		}
		if end-start == per {
			if full == nil {
				var err error
				if full, err = tx.Prepare(build(per)); err != nil {
					return err
				}
			}
			if _, err := full.Exec(args...); err != nil {
				return err
			}
			continue
		}
		if _, err := tx.Exec(build(end-start), args...); err != nil {
			return err
		}
	}
	return nil
}
