package registers

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/gui"
	"cityledger/gui/guitest"
	"cityledger/gui/widgets"
)

// benchApp is the window on the bench database with no screens, so that nothing but
// the screen under test loads.
func benchApp(b *testing.B, store domain.Store) *gui.App {
	b.Helper()
	ui := gui.New(test.NewTempApp(b), store, i18n.ZH, gui.Options{})
	if !ui.Env().WaitIdle(time.Minute) {
		b.Fatal("not idle")
	}
	return ui
}

// openLamps builds a lamp register on the bench window and waits until it has loaded.
func openLamps(b *testing.B, ui *gui.App) *register {
	b.Helper()
	var r *register
	act(ui, func() { r = newRegister(ui.Env(), domain.Lamps) })
	untilFirstRows(b, ui, r, r.Refresh)
	ui.Env().WaitIdle(time.Minute)
	return r
}

// untilFirstRows runs change (which starts a new query) and waits for the first page of
// rows to be applied to the table.
func untilFirstRows(b *testing.B, ui *gui.App, r *register, change func()) {
	b.Helper()
	untilPage(b, ui, r, 0, change)
}

// untilPage runs change and waits for page to be applied to the table.
func untilPage(b *testing.B, ui *gui.App, r *register, page int, change func()) {
	b.Helper()
	got := make(chan struct{}, 1)
	act(ui, func() {
		r.pageShown = func(p int) {
			if p != page {
				return
			}
			select {
			case got <- struct{}{}:
			default:
			}
		}
		change()
	})
	select {
	case <-got:
	case <-time.After(time.Minute):
		b.Fatal("no rows within a minute")
	}
}

func BenchmarkOpenLampRegister(b *testing.B) {
	store := guitest.BenchStore(b)
	ui := benchApp(b, store)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var r *register
		act(ui, func() { r = newRegister(ui.Env(), domain.Lamps) })
		untilFirstRows(b, ui, r, r.Refresh)
		b.StopTimer()
		ui.Env().WaitIdle(time.Minute)
		if r.rows == 0 {
			b.Fatal("no lamps in the bench database")
		}
		b.StartTimer()
	}
}

// BenchmarkScrollLampRegisterToEnd times the jump to the last page: the deepest OFFSET.
func BenchmarkScrollLampRegisterToEnd(b *testing.B) {
	store := guitest.BenchStore(b)
	ui := benchApp(b, store)
	r := openLamps(b, ui)
	last := (r.rows - 1) / widgets.PageSize
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		page := last - i%2 // two pages, so each iteration loads one that is not cached
		untilPage(b, ui, r, page, func() {
			r.pages.Forget(page)
			r.pages.Prefetch(page)
		})
	}
}

func BenchmarkSortLampRegister(b *testing.B) {
	for _, col := range []string{"original_value", "start_date", "road"} {
		b.Run(col, func(b *testing.B) {
			store := guitest.BenchStore(b)
			ui := benchApp(b, store)
			r := openLamps(b, ui)
			var c column
			for _, cc := range r.cols {
				if cc.key == col {
					c = cc
				}
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				untilFirstRows(b, ui, r, func() { r.onSort(c) }) // alternates ascending and descending
				b.StopTimer()
				ui.Env().WaitIdle(time.Minute)
				b.StartTimer()
			}
		})
	}
}

func BenchmarkSearchLampRegisterByRoad(b *testing.B) {
	store := guitest.BenchStore(b)
	ctx := context.Background()
	sample, err := store.FindAssets(ctx, domain.AssetFilter{Class: domain.Lamps, Offset: 50000, Limit: 1})
	if err != nil || len(sample) == 0 || sample[0].Road == "" {
		b.Fatalf("no lamp with a road to search for: %v", err)
	}
	road := sample[0].Road
	ui := benchApp(b, store)
	r := openLamps(b, ui)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text := road
		if i%2 == 1 {
			text = road + " " // a different query each time, the same rows
		}
		untilFirstRows(b, ui, r, func() {
			r.search.OnChanged = nil // the benchmark times the query, not the typing pause
			r.search.SetText(text)
			r.reload()
		})
		b.StopTimer()
		ui.Env().WaitIdle(time.Minute)
		if r.rows == 0 {
			b.Fatalf("searching %q found nothing", road)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(r.rows), "rows")
}

// benchClass is the user class the user-class benchmarks read: declared, and filled
// with 100,000 assets, in the bench database the first time.
const benchClass = domain.Class("bench-kiosks")

const benchClassSize = 100000

// ensureBenchClass declares benchClass (an integer, a text and an enumerated field)
// and fills it once.
func ensureBenchClass(b *testing.B, store domain.Store) {
	b.Helper()
	ctx := context.Background()
	cat, err := store.Catalogue(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if _, ok := cat.Class(benchClass); !ok {
		stalls, _ := domain.ParseFieldSpec("stalls:integer:摊位数:Stalls")
		operator, _ := domain.ParseFieldSpec("operator:text:经营者:Operator")
		colour, _ := domain.ParseFieldSpec("colour:enum(红|绿|蓝|黄):颜色:Colour")
		if _, err := store.AddClass(ctx, domain.ClassDef{Key: benchClass, Name: domain.Label{ZH: "基准报刊亭", EN: "Bench kiosks"},
			Geometry: domain.GeometryPoint, Fields: []domain.Field{stalls, operator, colour}}); err != nil {
			b.Fatal(err)
		}
	}
	n, err := store.CountAssets(ctx, domain.AssetFilter{Class: benchClass})
	if err != nil {
		b.Fatal(err)
	}
	if n.Count >= benchClassSize {
		return
	}
	units, _ := store.ListUnits(ctx)
	batch := &domain.Batch{Fresh: n.Count == 0, Source: "bench", Assets: make([]domain.Asset, 0, benchClassSize)}
	for i := 0; i < benchClassSize; i++ {
		batch.Assets = append(batch.Assets, domain.Asset{Class: benchClass, Code: fmt.Sprintf("BK-%06d", i+1), UnitID: units[0].ID,
			Status: domain.StatusInUse, Geometry: orb.Point{101.55 + float64(i%300)*0.0003, 26.55 + float64(i/300)*0.0003},
			Attrs: map[string]any{"stalls": int64((i*7919)%997 + 1), "operator": fmt.Sprintf("经营者%05d", (i*104729)%90000),
				"colour": []string{"红", "绿", "蓝", "黄"}[i%4]}})
	}
	if _, err := store.Import(ctx, batch); err != nil {
		b.Fatal(err)
	}
}

// openBenchClass builds the bench class's register and waits until it has loaded.
func openBenchClass(b *testing.B, ui *gui.App) *register {
	b.Helper()
	var r *register
	act(ui, func() { r = newRegister(ui.Env(), benchClass) })
	untilFirstRows(b, ui, r, r.Refresh)
	ui.Env().WaitIdle(time.Minute)
	return r
}

// BenchmarkOpenUserClassRegister times the first rows of a user class of 100,000 assets.
func BenchmarkOpenUserClassRegister(b *testing.B) {
	store := guitest.BenchStore(b)
	ensureBenchClass(b, store)
	ui := benchApp(b, store)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var r *register
		act(ui, func() { r = newRegister(ui.Env(), benchClass) })
		untilFirstRows(b, ui, r, r.Refresh)
		b.StopTimer()
		ui.Env().WaitIdle(time.Minute)
		b.StartTimer()
	}
}

// BenchmarkSortUserClassRegister times the first rows after sorting a user class of
// 100,000 assets by one of its own fields (an attribute with its expression index).
func BenchmarkSortUserClassRegister(b *testing.B) {
	for _, col := range []string{"stalls", "operator", "code"} {
		b.Run(col, func(b *testing.B) {
			store := guitest.BenchStore(b)
			ensureBenchClass(b, store)
			ui := benchApp(b, store)
			r := openBenchClass(b, ui)
			var c column
			for _, cc := range r.cols {
				if cc.key == col {
					c = cc
				}
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				untilFirstRows(b, ui, r, func() { r.onSort(c) })
				b.StopTimer()
				ui.Env().WaitIdle(time.Minute)
				b.StartTimer()
			}
		})
	}
}

// BenchmarkSearchUserClassRegister times the first rows of a search that only one of
// the class's own text fields matches, over 100,000 assets.
func BenchmarkSearchUserClassRegister(b *testing.B) {
	store := guitest.BenchStore(b)
	ensureBenchClass(b, store)
	ui := benchApp(b, store)
	r := openBenchClass(b, ui)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text := "经营者0421"
		if i%2 == 1 {
			text += " "
		}
		untilFirstRows(b, ui, r, func() {
			r.search.OnChanged = nil
			r.search.SetText(text)
			r.reload()
		})
		b.StopTimer()
		ui.Env().WaitIdle(time.Minute)
		if r.rows == 0 {
			b.Fatal("the search found nothing")
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(r.rows), "rows")
}

// BenchmarkFindUserClassByField times the store's query behind a register filtered by
// one of the class's own fields (colour = 绿, 25,000 of 100,000), sorted by another.
func BenchmarkFindUserClassByField(b *testing.B) {
	store := guitest.BenchStore(b)
	ensureBenchClass(b, store)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		as, err := store.FindAssets(ctx, domain.AssetFilter{Class: benchClass, Equals: map[string]any{"colour": "绿"}, SortBy: "stalls", Limit: widgets.PageSize})
		if err != nil || len(as) != widgets.PageSize {
			b.Fatalf("%d rows, %v", len(as), err)
		}
	}
}
