package storage

import (
	"context"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"cityledger/domain"
)

// FeaturesIn lists the assets whose stored bounding box overlaps b. The map loads a
// district's whole extent once and indexes it in memory, so this is a plain range
// filter on the min/max columns that every row has; rows are scanned by hand because
// GORM's reflection costs more than the query at a hundred thousand rows.
func (d *DB) FeaturesIn(ctx context.Context, classes []domain.Class, b orb.Bound, limit int) ([]domain.Feature, error) {
	var sb strings.Builder
	sb.WriteString(`SELECT id, class, code, kind, status, geom FROM assets
WHERE geom IS NOT NULL AND max_x >= ? AND min_x <= ? AND max_y >= ? AND min_y <= ?`)
	args := []any{b.Min[0], b.Max[0], b.Min[1], b.Max[1]}
	if len(classes) > 0 {
		sb.WriteString(` AND class IN ?`)
		names := make([]string, len(classes))
		for i, c := range classes {
			names[i] = string(c)
		}
		args = append(args, names)
	}
	sb.WriteString(` ORDER BY id`)
	if limit > 0 {
		sb.WriteString(` LIMIT ?`)
		args = append(args, limit)
	}
	rows, err := d.r.WithContext(ctx).Raw(sb.String(), args...).Rows()
	if err != nil {
		return nil, classify("query", err)
	}
	defer rows.Close()
	var out []domain.Feature
	var class string
	var geom []byte
	for rows.Next() {
		var f domain.Feature
		if err := rows.Scan(&f.ID, &class, &f.Code, &f.Kind, &f.Status, &geom); err != nil {
			return nil, classify("query", err)
		}
		f.Class = domain.Class(class)
		g, err := wkb.Unmarshal(geom)
		if err != nil {
			return nil, classify("query", err)
		}
		f.Geometry = g
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, classify("query", err)
	}
	return out, nil
}

// AssetCosts sums the year's record costs per asset. The (year, …, cost, asset_id)
// aggregate index covers the query, so the table itself is not read.
func (d *DB) AssetCosts(ctx context.Context, year int, classes []domain.Class) (map[int64]domain.Fen, error) {
	q := `SELECT asset_id, ` + splitSum("cost", "c") + ` FROM maintenance_records WHERE year = ? AND asset_id IS NOT NULL`
	args := []any{year}
	if len(classes) > 0 {
		names := make([]string, len(classes))
		for i, c := range classes {
			names[i] = string(c)
		}
		q += ` AND asset_class IN ?`
		args = append(args, names)
	}
	q += ` GROUP BY asset_id`
	rows, err := d.r.WithContext(ctx).Raw(q, args...).Rows()
	if err != nil {
		return nil, classify("query", err)
	}
	defer rows.Close()
	out := map[int64]domain.Fen{}
	for rows.Next() {
		var id, hi, lo int64
		if err := rows.Scan(&id, &hi, &lo); err != nil {
			return nil, classify("query", err)
		}
		cost, err := joinSum(hi, lo, sumCost)
		if err != nil {
			return nil, err
		}
		out[id] = cost
	}
	if err := rows.Err(); err != nil {
		return nil, classify("query", err)
	}
	return out, nil
}
