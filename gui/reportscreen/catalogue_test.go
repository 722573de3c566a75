package reportscreen

import (
	"testing"

	"cityledger/domain"
	"cityledger/gui/guitest"
	"cityledger/reports"
)

// TestEveryKeyIsInTheCatalogue checks the keys the report screen names, and those it
// builds from the formats, notes, severities and year changes, in both languages.
func TestEveryKeyIsInTheCatalogue(t *testing.T) {
	keys := []string{"cli.year_closed", "cli.year_reopened"}
	for _, f := range reports.Formats {
		keys = append(keys, "gui.format."+f)
	}
	for _, k := range domain.NoteKeys {
		keys = append(keys, "gui.report.note_hint."+k)
	}
	for _, sev := range []string{reports.SeverityError, reports.SeverityWarning} {
		keys = append(keys, "report.severity."+sev)
	}
	guitest.CheckCatalogue(t, 20, keys...)
}
