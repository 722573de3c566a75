package demo

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
)

// The demo's 2020 cases give the seed's 附件2 figures and top-ten lists, computed.
func TestDemoCasesReproduceTheSeed(t *testing.T) {
	ctx := context.Background()
	store, err := storage.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err := Load(ctx, store); err != nil {
		t.Fatal(domain.Message(i18n.EN, err))
	}
	now, _ := domain.ParseCaseTime("2021-06-30 00:00")
	f, err := domain.ComputeCaseFigures(ctx, store, 2020, now, domain.CaseSelection{})
	if err != nil {
		t.Fatal(err)
	}
	c, h := f.City, f.Hotline
	if c.Reported != 33345 || c.Resolved != 32691 || c.OnTime != 22669 || c.ResolutionRate != "98.04%" || c.OnTimeRate != "67.98%" {
		t.Errorf("城市管理案件 %+v", c)
	}
	if h.Tickets != 1220 || h.Resolved != 1220 || h.Closed != 1220 || h.RepliedOnTime != 1199 || h.ClosureRate != "100%" || h.ReplyRate != "98.28%" {
		t.Errorf("12345 %+v", h)
	}
	names := func(cs []domain.ClassCount) string {
		var s []string
		for _, c := range cs {
			s = append(s, c.Name)
		}
		return strings.Join(s, "、")
	}
	// The seed's lists, word for word and in its order.
	if got := names(f.TopComponents); got != "垃圾箱、路灯、景观灯、交通标志牌、行道树、交通护栏、无主井盖、沟盖板、特殊井盖、路名牌" {
		t.Errorf("components %s", got)
	}
	if got := names(f.TopEvents); got != "非机动车乱停放、无照经营游商、非法小广告、暴露垃圾、街头散发广告、道路不洁、乱堆物堆料、无施工废弃料、沿街晾挂、违规户外广告" {
		t.Errorf("events %s", got)
	}
	if f.Cancelled != 126 {
		t.Errorf("cancelled %d", f.Cancelled)
	}
	// Every lamp repair answers a case on that very lamp, resolved the day of the repair.
	recs, err := store.FindRecords(ctx, domain.RecordFilter{Year: 2020, AssetClass: domain.Lamps, WorkType: "维修"})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 110 {
		t.Fatalf("%d lamp repairs", len(recs))
	}
	for _, r := range recs {
		cs, err := store.GetCaseByNo(ctx, r.CaseNo)
		if err != nil {
			t.Fatalf("repair %s %s: case %q: %v", r.Date, r.AssetCode, r.CaseNo, err)
		}
		if cs.AssetID != r.AssetID || cs.ClassCode != "0118" || domain.DateOf(cs.ResolvedAt) != r.Date || !cs.OnTime() {
			t.Errorf("repair %s on %s (asset %d) vs case %+v", r.Date, r.AssetCode, r.AssetID, cs)
		}
	}
	// Lamp cases on the bureau's lamps are linked to them; all cases lie in the district.
	all, err := store.FindCases(ctx, domain.CaseFilter{Year: 2020})
	if err != nil {
		t.Fatal(err)
	}
	var linked, lampCases int64
	for _, cs := range all {
		if cs.ClassName == "路灯" && cs.Source == domain.SourceCityPlatform && cs.Status != domain.CaseCancelled {
			lampCases++
		}
		if cs.AssetID != 0 && cs.Status != domain.CaseCancelled {
			linked++
		}
		if p := cs.Location; p == nil || p[0] < 101.55 || p[0] > 101.64 || p[1] < 26.57 || p[1] > 26.64 {
			t.Fatalf("case %s outside the district: %v", cs.No, cs.Location)
		}
	}
	if lampCases != 356 || linked < 110 || linked >= lampCases {
		t.Errorf("路灯 cases %d, linked to lamps %d", lampCases, linked)
	}
}

// The generator is reproducible: two runs give the same cases.
func TestDemoCasesAreReproducible(t *testing.T) {
	a, err := Batch()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Batch()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Cases, b.Cases) {
		t.Error("two generations differ")
	}
}
