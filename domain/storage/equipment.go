package storage

import (
	"context"
	"strconv"

	"cityledger/domain"
)

// ValuedAtLeast counts per class the assets held at the end of year (started by then,
// and disposed of later or not at all) whose original value is at least min.
func (d *DB) ValuedAtLeast(ctx context.Context, year int, min domain.Fen) (map[domain.Class]int64, error) {
	end := strconv.Itoa(year) + "-12-31"
	var rows []struct {
		Class string
		N     int64
	}
	err := d.r.WithContext(ctx).Raw(`SELECT class, COUNT(*) AS n FROM assets
		WHERE original_value >= ?
		AND (start_date IS NULL OR start_date = '' OR start_date <= ?)
		AND ((disposal_date IS NOT NULL AND disposal_date <> '' AND disposal_date > ?)
		  OR ((disposal_date IS NULL OR disposal_date = '') AND status <> ?))
		GROUP BY class`, int64(min), end, end, domain.StatusDisposed).Scan(&rows).Error
	if err != nil {
		return nil, domain.Internal("query", err)
	}
	out := make(map[domain.Class]int64, len(rows))
	for _, r := range rows {
		out[domain.Class(r.Class)] = r.N
	}
	return out, nil
}
