package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"gorm.io/gorm"

	"cityledger/domain"
)

// ProposeCaseLinks proposes the nearest asset of their class for the year's unlinked
// 部件 cases that have a location and name no asset (domain.ProposeCaseLink). The sites
// of the classes the cases concern are read once and indexed in memory.
func (d *DB) ProposeCaseLinks(ctx context.Context, year int, progress func(done, total int)) ([]domain.CaseLinkProposal, error) {
	cat, err := d.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	from, to := caseYearRange(year)
	var rows []caseRow
	err = d.r.WithContext(ctx).Where(`reported_at >= ? AND reported_at < ? AND category = ? AND asset_id IS NULL
		AND component_id = '' AND asset_code = '' AND lon IS NOT NULL AND lat IS NOT NULL AND status <> ?`,
		from, to, domain.CategoryComponent, domain.CaseCancelled).
		Order("reported_at").Order("id").Find(&rows).Error
	if err != nil {
		return nil, classify("query", err)
	}
	cases := make([]domain.Case, len(rows))
	wanted := map[domain.Class]bool{}
	for i := range rows {
		cases[i] = rows[i].domain()
		for _, cl := range cat.ClassesForCase(cases[i].ClassCode, cases[i].ClassName) {
			wanted[cl] = true
		}
	}
	rows = nil
	sites, err := d.assetSites(ctx, wanted)
	if err != nil {
		return nil, err
	}
	ix := domain.NewSiteIndex(sites)
	var out []domain.CaseLinkProposal
	for i := range cases {
		if i%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if progress != nil {
				progress(i, len(cases))
			}
		}
		if p, miss := domain.ProposeCaseLink(&cases[i], cat, ix); miss == "" {
			out = append(out, p)
		}
	}
	if progress != nil {
		progress(len(cases), len(cases))
	}
	return out, nil
}

// caseYearRange is the year's span of reported_at (seconds of wall-clock time).
func caseYearRange(year int) (int64, int64) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	return from.Unix(), from.AddDate(1, 0, 0).Unix()
}

// assetSites reads where the assets of the classes stand (in use or idle: a disposed
// asset is no longer there).
func (d *DB) assetSites(ctx context.Context, classes map[domain.Class]bool) ([]domain.AssetSite, error) {
	if len(classes) == 0 {
		return nil, nil
	}
	names := make([]string, 0, len(classes))
	for cl := range classes {
		names = append(names, string(cl))
	}
	rs, err := d.r.WithContext(ctx).Raw(`SELECT id, class, code, min_x, min_y, max_x, max_y, geom FROM assets
		WHERE class IN ? AND min_x IS NOT NULL AND status <> ?`, names, domain.StatusDisposed).Rows()
	if err != nil {
		return nil, classify("query", err)
	}
	defer rs.Close()
	var out []domain.AssetSite
	for rs.Next() {
		var s domain.AssetSite
		var class string
		var x0, y0, x1, y1 sql.NullFloat64
		var geom []byte
		if err := rs.Scan(&s.ID, &class, &s.Code, &x0, &y0, &x1, &y1, &geom); err != nil {
			return nil, classify("query", err)
		}
		s.Class = domain.Class(class)
		s.Bound = orb.Bound{Min: orb.Point{x0.Float64, y0.Float64}, Max: orb.Point{x1.Float64, y1.Float64}}
		if s.Bound.Min != s.Bound.Max {
			// A line or an area: measured to its shape, not its box.
			if g, err := wkb.Unmarshal(geom); err == nil {
				s.Geometry = g
			}
		}
		out = append(out, s)
	}
	if err := rs.Err(); err != nil {
		return nil, classify("query", err)
	}
	return out, nil
}

// LinkCases stores people's links of cases to assets in one transaction: each case must
// still be at the version its proposal was made from, and each asset must exist.
func (d *DB) LinkCases(ctx context.Context, links []domain.CaseLink) (int, error) {
	n := 0
	err := d.write(ctx, func(tx *gorm.DB) error {
		n = 0
		for _, l := range links {
			if err := ctx.Err(); err != nil {
				return err
			}
			var old caseRow
			if err := tx.First(&old, l.CaseID).Error; err != nil {
				return translate(err, subjectCase, itoa(l.CaseID))
			}
			if old.Version != l.Version {
				return conflict(subjectCase, old.CaseNo, l.Version, old.Version)
			}
			method := l.Method
			if !domain.PersonLink(method) {
				method = domain.LinkManual
			}
			var ids []int64
			if err := tx.Raw("SELECT id FROM assets WHERE id = ?", l.AssetID).Scan(&ids).Error; err != nil {
				return domain.Internal("query", err)
			}
			if len(ids) == 0 {
				return domain.Invalid(domain.FieldError{Field: "asset_id", Value: itoa(l.AssetID), Rule: "case_link_asset_gone",
					Params: map[string]string{"Code": old.CaseNo}})
			}
			if old.AssetID.Valid && old.AssetID.Int64 == l.AssetID && old.AssetLink == method {
				continue
			}
			res := tx.Model(&caseRow{}).Where("id = ? AND version = ?", l.CaseID, old.Version).
				Updates(map[string]any{"asset_id": l.AssetID, "asset_link": method, "version": old.Version + 1, "updated_at": now()})
			if res.Error != nil {
				return translate(res.Error, subjectCase, old.CaseNo)
			}
			prev := old.domain()
			next := prev
			next.AssetID, next.Link = l.AssetID, method
			if err := d.audit(tx, "update", "cases", old.ID, old.CaseNo, caseFields(&prev), caseFields(&next)); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
