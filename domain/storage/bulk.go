package storage

import (
	"strings"

	"gorm.io/gorm"
)

// maxBindVars keeps a statement under SQLite's limit of 32,766 bound variables
// (PostgreSQL allows 65,535).
const maxBindVars = 32000

// insertMany inserts rows in multi-row INSERT statements: the fast path for imports
// and generated data, where GORM's per-row reflection would dominate.
func insertMany(tx *gorm.DB, table string, columns []string, rows [][]any) error {
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
