package storage

import (
	"context"
	"testing"

	"cityledger/domain"
)

// Closed years are held by the database itself, on both backends: a write that goes
// around CityLedger's own checks (raw SQL, as the sqlite3 shell or psql would send
// it) into a closed year is refused, with a catalogue message; writes that leave the
// closed year's figures alone pass (ClosedYearDates' rule for assets).
func TestClosedYearsAreHeldByTheDatabase(t *testing.T) { backends(t, testClosedYearsHeldByTheDatabase) }

func testClosedYearsHeldByTheDatabase(t *testing.T, d *DB) {
	ctx := context.Background()
	seedUnits(t, d)
	lamp := &domain.Asset{Class: domain.Lamps, Code: "L-1", Unit: "局机关", Kind: "通电路灯", StartDate: "2020-04-01"}
	later := &domain.Asset{Class: domain.Lamps, Code: "L-2", Unit: "局机关", Kind: "通电路灯", StartDate: "2021-04-01"}
	for _, a := range []*domain.Asset{lamp, later} {
		if err := d.SaveAsset(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	p := &domain.Project{Code: "P1", Year: 2020, Name: "p", Unit: "局机关", Budget: 100, FiscalBudget: 100, Disclosed: true}
	if err := d.SaveProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := d.SaveRecord(ctx, &domain.Record{Date: "2020-05-01", WorkType: "维修", Cost: 100}); err != nil {
		t.Fatal(err)
	}
	if err := d.CloseYear(ctx, 2020, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	unit := lamp.UnitID
	refused := []string{
		"INSERT INTO maintenance_records (date, year, month, funding, work_type, cost, updated_at) VALUES ('2020-06-01', 2020, 6, '财政拨款', '维修', 1, '')",
		"UPDATE maintenance_records SET cost = 1 WHERE year = 2020",
		"DELETE FROM maintenance_records WHERE year = 2020",
		"UPDATE projects SET budget = 1 WHERE year = 2020",
		"INSERT INTO indicators (project_id, level1, level3, updated_at) SELECT id, '产出指标', 'x', '' FROM projects WHERE year = 2020",
		"UPDATE year_settings SET notes = '{}' WHERE year = 2020",
		"INSERT INTO assets (class, code, unit_id, status, start_date, kind, official, updated_at) VALUES ('lamps', 'L-3', " + itoa(unit) + ", '在用', '2020-02-02', '通电路灯', false, '')",
		"UPDATE assets SET start_date = '2021-01-01' WHERE code = 'L-1'",
		"UPDATE assets SET disposal_date = '2020-12-31' WHERE code = 'L-2'",
		"DELETE FROM assets WHERE code = 'L-1'",
	}
	for _, q := range refused {
		err := classify("test", d.w.Exec(q).Error)
		if domain.ErrorKind(err) != domain.KindClosed {
			t.Errorf("%s: %s: %v", d.Describe(), q, err)
			continue
		}
		noDriverText(t, q, err)
	}
	allowed := []string{
		"INSERT INTO maintenance_records (date, year, month, funding, work_type, cost, updated_at) VALUES ('2021-06-01', 2021, 6, '财政拨款', '维修', 1, '')",
		"UPDATE assets SET note = 'moved pole' WHERE code = 'L-1'", // not a date: the year's check reports drift
		"UPDATE assets SET disposal_date = '2022-03-01' WHERE code = 'L-1'",
	}
	for _, q := range allowed {
		if err := d.w.Exec(q).Error; err != nil {
			t.Errorf("%s: %s: %v", d.Describe(), q, err)
		}
	}
	if d.postgres {
		return
	}
	// SQLite: the audit log only grows, and names the operating system's user.
	for _, q := range []string{"UPDATE audit_log SET who = 'x'", "DELETE FROM audit_log"} {
		err := classify("test", d.w.Exec(q).Error)
		if errCode(err) != "err.audit_append_only" {
			t.Errorf("%s: %v", q, err)
		}
	}
	var who []string
	d.r.Raw("SELECT DISTINCT who FROM audit_log").Scan(&who)
	if len(who) != 1 || who[0] != osUser() {
		t.Errorf("audit who %v, want the OS user %q", who, osUser())
	}
}
