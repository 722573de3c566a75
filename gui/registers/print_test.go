package registers

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/gui"
)

// An asset card holds the asset's fields, a photo box and its latest records, and says
// how many there are in all: one page however long the history.
func TestAssetCardIsOnePage(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ctx := context.Background()
	ids := saveLamps(t, store, 1)
	for i := 0; i < 30; i++ {
		r := &domain.Record{Date: "2020-05-01", AssetID: ids[0], AssetClass: domain.Lamps, AssetCode: "LD-1", WorkType: "维修", Quantity: 1, QuantityUnit: "盏", Cost: 1000}
		if err := store.SaveRecord(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	ui := newTestApp(t, store, i18n.ZH)
	a, _ := store.GetAsset(ctx, ids[0])
	units, _ := store.ListUnits(ctx)
	recs, _ := store.FindRecords(ctx, domain.RecordFilter{AssetID: ids[0], Desc: true, Limit: cardRecordRows})
	n, cost, _ := store.CountRecords(ctx, domain.RecordFilter{AssetID: ids[0]})
	var b bytes.Buffer
	if err := writeAssetCard(&b, ui.Env(), a, units, recs, n, cost, time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{"资产卡片", "LD-1", "局机关", "照片", "维修养护记录共 30 条", "仅列最近 18 条", "@page { size: A4"} {
		if !strings.Contains(html, want) {
			t.Errorf("the card lacks %q", want)
		}
	}
	if rows := strings.Count(html, "<td>2020-05-01</td>"); rows != cardRecordRows {
		t.Errorf("the card lists %d records, want %d", rows, cardRecordRows)
	}
}

// Printing a register writes the rows the filter shows and opens the page.
func TestPrintARegister(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	saveLamps(t, store, 3)
	ui := newTestApp(t, store, i18n.EN)
	showRegister(t, ui, domain.Lamps)
	var opened string
	old := openPrintable
	openPrintable = func(_ *gui.Env, path string) error { opened = path; return nil }
	defer func() { openPrintable = old }()
	act(ui, func() { ui.Command(gui.CmdPrint) })
	waitIdle(t, ui)
	if opened == "" {
		t.Fatal("Ctrl+P opened nothing")
	}
	b, err := os.ReadFile(opened)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"LD-1", "LD-2", "LD-3", "Code", "3 lamps in service"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the printed register lacks %q", want)
		}
	}
}

// The page to print has a fixed name in the shared temp folder: a link planted there
// is replaced, not written through to the file it points at.
func TestPrintPageReplacesALinkAtItsName(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim.txt")
	if err := os.WriteFile(victim, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "cityledger-lamps.html")
	if err := os.Symlink(victim, page); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(page, func(w io.Writer) error { _, err := io.WriteString(w, "<html>"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("the linked file was overwritten: %q", b)
	}
	if st, err := os.Lstat(page); err != nil || st.Mode()&os.ModeSymlink != 0 {
		t.Errorf("the page is still the planted link: %v", err)
	}
}
