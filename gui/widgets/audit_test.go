package widgets_test

import (
	"strings"
	"testing"
	"time"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/gui"
	"cityledger/gui/guitest"
	"cityledger/gui/widgets"
)

// An import's entries: one per changed row (each field old → new), one per added row
// (the file it came from), and the batch's summary.
func TestAuditLinesOfAnImport(t *testing.T) {
	ui := guitest.NewApp(t, guitest.TempStore(t), i18n.EN, gui.Options{})
	env := ui.Env()
	at := time.Date(2026, 12, 4, 9, 30, 0, 0, time.Local)
	changed := widgets.AuditLine(env, domain.AuditEntry{At: at, Who: "li.ming", Action: "import", Entity: domain.AuditAssets,
		EntityID: 7, Code: "lamps:LD-001", Field: "power_w,status", Old: `{"power_w":"60","status":"在用"}`, New: `{"power_w":"80","status":"停用"}`})
	for _, want := range []string{"2026-12-04 09:30 li.ming", "LD-001", "60 → 80", "; "} {
		if !strings.Contains(changed, want) {
			t.Errorf("changed row %q lacks %q", changed, want)
		}
	}
	added := widgets.AuditLine(env, domain.AuditEntry{At: at, Who: "li.ming", Action: "import", Entity: domain.AuditAssets,
		EntityID: 7, Code: "lamps:LD-001", Field: "*", New: "lamps.xlsx"})
	if !strings.HasSuffix(added, "LD-001 lamps.xlsx") {
		t.Errorf("added row %q", added)
	}
	batch := widgets.AuditLine(env, domain.AuditEntry{At: at, Who: "li.ming", Action: "import", Entity: "batch",
		Field: "lamps.xlsx", New: `{"added":1,"updated":2,"unchanged":0,"rejected":0}`})
	if !strings.Contains(batch, "lamps.xlsx") || strings.Contains(batch, "{") {
		t.Errorf("batch %q", batch)
	}
}
