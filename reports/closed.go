package reports

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// snapshot is what a closed year stores: the model in every language, so that its
// report renders byte for byte the same in either, whatever changes later.
type snapshot map[i18n.Lang]json.RawMessage

// ForYear is the report of year: the model stored when the year was closed, or, for
// an open year, one built now from the registers.
func ForYear(ctx context.Context, s domain.Store, year int, lang i18n.Lang) (*Model, error) {
	raw, err := s.ReportSnapshot(ctx, year)
	if err != nil {
		return nil, err
	}
	if raw == nil {
		return Build(ctx, s, year, lang)
	}
	var snap snapshot
	if err := json.Unmarshal(raw, &snap); err != nil {
		return nil, domain.Internal("read the closed year's report", err)
	}
	m := &Model{}
	if err := json.Unmarshal(snap[lang], m); err != nil {
		return nil, domain.Internal("read the closed year's report", fmt.Errorf("%s: %w", lang, err))
	}
	return m, nil
}

// CloseYear builds the year's report in both languages and closes the year with it.
// A year whose checks fail at error severity is not closed: the error names the checks.
func CloseYear(ctx context.Context, s domain.Store, year int) error {
	snap := snapshot{}
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		m, err := Build(ctx, s, year, lang)
		if err != nil {
			return err
		}
		if lang == i18n.ZH && m.Failed() {
			return domain.Errorf(domain.KindInvalid, "report.err.close_failed_checks", map[string]any{"Year": year, "Checks": strings.Join(m.CheckLines(), "\n")})
		}
		b, err := json.Marshal(m)
		if err != nil {
			return domain.Internal("close the year", err)
		}
		snap[lang] = b
	}
	raw, err := json.Marshal(snap)
	if err != nil {
		return domain.Internal("close the year", err)
	}
	return s.CloseYear(ctx, year, raw)
}
