package demo

import (
	"context"
	"path/filepath"
	"testing"

	"cityledger/domain"
	"cityledger/domain/storage"
)

// The demo district reproduces the facts of the 2020 report it is modelled on, as the
// registers hold them (what `ledgerctl stats --year 2020` prints).
func TestDemoReproducesTheSeedsFacts(t *testing.T) {
	ctx := context.Background()
	s, err := storage.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	st, err := domain.ComputeStats(ctx, s, 2020)
	if err != nil {
		t.Fatal(err)
	}
	count := map[domain.Class]domain.ClassStats{}
	for _, c := range st.Classes {
		count[c.Class] = c
	}
	if count[domain.Vehicles].Count != 32 || count[domain.Lamps].Count != 950 {
		t.Errorf("vehicles %d, lamps %d; want 32, 950", count[domain.Vehicles].Count, count[domain.Lamps].Count)
	}
	if km := count[domain.SewerPipes].LengthM / 1000; km < 60 {
		t.Errorf("pipes %.2f km; want 60+", km)
	}
	executed := map[string]domain.Fen{}
	for _, p := range st.Records.ByProject {
		executed[p.Name] = p.Executed
	}
	for name, want := range map[string]domain.Fen{
		"春节亮化氛围营造项目": 26450000, "西区绿化管护项目": 39510000, "路灯电费及维修项目": 15000000,
		"西区数字化城管信息平台运行项目": 47870000, "市政道路及人行道附属设施维修、户外广告管理项目": 6910000,
	} {
		if executed[name] != want {
			t.Errorf("%s executed %s 元, want %s", name, executed[name].Yuan(), want.Yuan())
		}
	}
	quantity := map[string]float64{}
	for _, w := range st.Records.ByWorkType {
		quantity[w.Key+w.QuantityUnit] += w.Quantity
	}
	for key, want := range map[string]float64{"维修盏": 110, "清掏米": 360, "修剪㎡": 41330, "补植㎡": 350, "除草㎡": 24000} {
		if quantity[key] != want {
			t.Errorf("2020 %s: %v, want %v", key, quantity[key], want)
		}
	}
	running := func(year int) domain.Fen {
		groups, err := s.RecordGroups(ctx, year)
		if err != nil {
			t.Fatal(err)
		}
		var sum domain.Fen
		for _, g := range groups {
			if g.OfficialCar && g.ProjectID == 0 {
				sum += g.Cost
			}
		}
		return sum
	}
	if r20, r19 := running(2020), running(2019); r20 != 4710000 || r19 != 2500000 {
		t.Errorf("official-car running costs 2020 %s, 2019 %s; want 47100.00, 25000.00", r20.Yuan(), r19.Yuan())
	}
	newPipes, err := s.CountAssets(ctx, domain.AssetFilter{Class: domain.SewerPipes, StartYear: 2020})
	if err != nil || newPipes.LengthM != 13400 {
		t.Errorf("pipes built in 2020: %v m, %v; want 13400", newPipes.LengthM, err)
	}
}
