package reports

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"sync"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// Build computes the report of year from the store's grouped aggregates (AssetGroups,
// RecordGroups of the year and the one before), the year's projects, their indicators
// and the year settings. Nothing here walks rows one by one except the few assets
// whose stated length or area the geometry check compares, so the cost stays that of
// the aggregate queries on a register of any size.
func Build(ctx context.Context, store domain.Store, year int, lang i18n.Lang) (*Model, error) {
	d, err := load(ctx, store, year)
	if err != nil {
		return nil, err
	}
	return buildFrom(d, lang), nil
}

// data is everything Build reads from the store.
type data struct {
	year       int
	units      []domain.Unit
	groups     []domain.AssetGroup
	recs       []domain.RecordGroup // the year's
	prevRecs   []domain.RecordGroup // the year before
	projects   []domain.Project
	indicators map[int64][]domain.Indicator
	settings   *domain.YearSettings // nil: the year has none
	// prevSettings are the year before's (nil: none); prevArchive its report as archived
	// when that year is closed (nil: open), whose figures the year-on-year changes use.
	prevSettings *domain.YearSettings
	prevArchive  *Model
	// valued counts per class the assets held at the year's end worth at least 50万元
	// and 100万元 (the equipment sentence).
	valued50, valued100 map[domain.Class]int64
	outside             []domain.Record
	// mismatches are the first assets whose stated length or area is more than 5 %
	// off their geometry; mismatchTotal counts them all.
	mismatches    []domain.MeasureMismatch
	mismatchTotal int64
}

// measureTolerance is DESIGN.md's 5 % between a stated and a measured figure.
const measureTolerance = 0.05

func load(ctx context.Context, s domain.Store, year int) (*data, error) {
	d := &data{year: year, indicators: map[int64][]domain.Indicator{}}
	// The queries are independent: run them side by side, so the report takes about as
	// long as its slowest aggregate rather than their sum (the store reads from a pool).
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	run := func(f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(); err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	run(func() (err error) { d.units, err = s.ListUnits(ctx); return })
	run(func() (err error) { d.groups, err = s.AssetGroups(ctx); return })
	run(func() (err error) { d.recs, err = s.RecordGroups(ctx, year); return })
	run(func() (err error) { d.prevRecs, err = s.RecordGroups(ctx, year-1); return })
	run(func() (err error) { d.outside, err = s.RecordsOutsideProjectYear(ctx, year); return })
	run(func() error {
		st, err := s.GetYearSettings(ctx, year)
		if domain.ErrorKind(err) == domain.KindNotFound {
			return nil
		}
		d.settings = st
		return err
	})
	run(func() error {
		st, err := s.GetYearSettings(ctx, year-1)
		if domain.ErrorKind(err) == domain.KindNotFound {
			return nil
		}
		d.prevSettings = st
		return err
	})
	run(func() (err error) { d.prevArchive, err = archived(ctx, s, year-1); return })
	run(func() (err error) { d.valued50, err = s.ValuedAtLeast(ctx, year, equipmentGeneralMin); return })
	run(func() (err error) { d.valued100, err = s.ValuedAtLeast(ctx, year, equipmentSpecialMin); return })
	run(func() error { return loadProjects(ctx, s, d) })
	run(func() error {
		var err error
		d.mismatches, d.mismatchTotal, err = s.MeasureMismatches(ctx, measureTolerance, maxListed)
		return err
	})
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return d, nil
}

// loadProjects reads the year's projects in code order and the disclosed ones' indicators.
func loadProjects(ctx context.Context, s domain.Store, d *data) error {
	projects, err := s.ListProjects(ctx, d.year)
	if err != nil {
		return err
	}
	sort.SliceStable(projects, func(i, j int) bool { return projects[i].Code < projects[j].Code })
	indicators := map[int64][]domain.Indicator{}
	for _, p := range projects {
		if !p.Disclosed {
			continue
		}
		rows, err := s.ListIndicators(ctx, p.ID)
		if err != nil {
			return err
		}
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].Position < rows[j].Position })
		indicators[p.ID] = rows
	}
	d.projects, d.indicators = projects, indicators
	return nil
}

// builder words the model in one language.
type builder struct {
	d    *data
	lang i18n.Lang
	m    *Model
	// units by ID, for names.
	units map[int64]domain.Unit
	// The official cars' figures official() computes for the paragraphs the 三公 section
	// words, and the year before's total as the registers give it today (the checks
	// compare it with the archived one).
	officialFees       []string
	officialByType     officialTypes
	registersPrevTotal domain.Fen
}

func buildFrom(d *data, lang i18n.Lang) *Model {
	b := &builder{d: d, lang: lang, units: map[int64]domain.Unit{}}
	b.m = &Model{Year: d.year, Lang: lang, HasSettings: d.settings != nil, MoneyUnit: b.t("money_unit", nil)}
	for _, u := range d.units {
		b.units[u.ID] = u
		if u.ParentID == 0 && b.m.UnitName == "" {
			b.m.UnitName = u.Name
		}
	}
	b.m.Title = b.t("title", map[string]any{"Unit": b.m.UnitName, "Year": d.year})
	b.vehicles()
	b.official()
	b.threePublic()
	b.assets()
	b.performance()
	b.checks()
	b.number()
	b.fitTables()
	return b.m
}

// number puts the sections in the host report's order (domain.HeadingKeys) and heads
// each with its number: the year setting's ("七、", "（三）"), else 一、二、… in order.
// The checks appendix, printed on request, is headed 附： unless a setting numbers it.
func (b *builder) number() {
	order := func(id string) int { return indexOf(domain.HeadingKeys, id) }
	sort.SliceStable(b.m.Sections, func(i, j int) bool { return order(b.m.Sections[i].ID) < order(b.m.Sections[j].ID) })
	heading := func(id string, n int) string {
		num := ""
		if b.d.settings != nil {
			num = b.d.settings.Headings[id]
		}
		if num == "" {
			num = b.t("heading.number", map[string]any{"N": numeral(b.lang, n)})
		}
		return num + b.t("heading."+id, nil)
	}
	for i := range b.m.Sections {
		b.m.Sections[i].Heading = heading(b.m.Sections[i].ID, i+1)
	}
	// The checks are an appendix, not a numbered part of the report, unless the year
	// settings number them.
	b.m.ChecksHeading = b.t("heading.appendix", nil) + b.t("heading.checks", nil)
	if b.d.settings != nil && b.d.settings.Headings[domain.SectionChecks] != "" {
		b.m.ChecksHeading = heading(domain.SectionChecks, len(b.m.Sections)+1)
	}
}

// numeral is n as a heading counts: 一, 二, … 二十一 in Chinese, 1, 2, … in English.
func numeral(lang i18n.Lang, n int) string {
	if lang == i18n.EN || n <= 0 || n >= 100 {
		return strconv.Itoa(n)
	}
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + digits[n-10]
	default:
		return digits[n/10] + "十" + digits[n%10]
	}
}

// t renders a report key of the catalogue.
func (b *builder) t(key string, p map[string]any) string { return i18n.T(b.lang, "report."+key, p) }

// enum renders a stored Chinese value in the report's language.
func (b *builder) enum(v string) string { return i18n.Enum(b.lang, v) }

// join lists items with the language's enumeration comma (、 / ", ").
func (b *builder) join(items []string) string { return strings.Join(items, b.t("sep.list", nil)) }

// joinClauses lists clauses with the language's clause comma (， / "; ").
func (b *builder) joinClauses(items []string) string {
	return strings.Join(items, b.t("sep.clause", nil))
}

func (b *builder) money(h int64) string            { return money(b.lang, h) }
func (b *builder) moneyFen(f domain.Fen) string    { return moneyFen(b.lang, f) }
func (b *builder) className(c domain.Class) string { return b.enum(c.Chinese()) }

// word renders a measure word (盏, 米, 个…) of the report's language.
func (b *builder) word(w string) string {
	if w == "" {
		return ""
	}
	if b.lang == i18n.ZH {
		return w
	}
	if i18n.Has(b.lang, "report.word."+w) {
		return b.t("word."+w, nil)
	}
	return b.enum(w)
}

// section starts a section; number() heads and orders the sections at the end.
func (b *builder) section(id string) *Section {
	b.m.Sections = append(b.m.Sections, Section{ID: id})
	return &b.m.Sections[len(b.m.Sections)-1]
}

func (s *Section) para(text string) {
	if text != "" {
		s.Blocks = append(s.Blocks, Block{Paragraph: text})
	}
}

func (s *Section) subheading(text string) {
	if text != "" {
		s.Blocks = append(s.Blocks, Block{Subheading: text})
	}
}

func (s *Section) table(t *Table) { s.Blocks = append(s.Blocks, Block{Table: t}) }

// sum records printed parts that must add up to a printed total.
func (b *builder) sum(what string, parts []int64, total int64) {
	b.m.Sums = append(b.m.Sums, Sum{What: what, Money: true, Parts: parts, Total: total})
}

// sumCount records printed counts that must add up to a printed count.
func (b *builder) sumCount(what string, parts []int64, total int64) {
	b.m.Sums = append(b.m.Sums, Sum{What: what, Parts: parts, Total: total})
}

// cat joins sentences: nothing between them in Chinese, a space in English.
func (b *builder) cat(sentences ...string) string {
	var out []string
	for _, s := range sentences {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, b.t("sep.sentence", nil))
}

// held are the asset groups held at the end of the report's year.
func (b *builder) held(c domain.Class) []domain.AssetGroup {
	var out []domain.AssetGroup
	for _, g := range b.d.groups {
		if g.Class == c && g.HeldAtEndOf(b.d.year) {
			out = append(out, g)
		}
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
