package domain

import (
	"encoding/csv"
	"io/fs"
	"strconv"
	"strings"
	"sync"

	"cityledger/assets"
)

// CaseClass is one 小类 of the national code lists a case is classified by: a
// component (部件) or an event (事件) with its 4-digit (2013-era) or 5-digit (2026)
// code. Sources counts the independent public sources that back it; 1 means the
// code is unconfirmed (assets/standards/README.md).
type CaseClass struct {
	Category  string // 部件 or 事件
	Code      string
	Name      string
	MajorCode string
	MajorName string
	List      string // "2013" or "2026"
	Sources   int
}

type caseClassIndex struct {
	byCode map[string]CaseClass // category + "\x00" + code
	byName map[string]CaseClass // category + "\x00" + name (the first code that has it)
	all    []CaseClass
}

var (
	caseClassesOnce sync.Once
	caseClasses     caseClassIndex
)

func loadCaseClasses() {
	caseClasses = caseClassIndex{byCode: map[string]CaseClass{}, byName: map[string]CaseClass{}}
	for _, f := range []struct{ file, category, list string }{
		{"standards/components-2013.csv", CategoryComponent, "2013"},
		{"standards/events-2013.csv", CategoryEvent, "2013"},
		{"standards/components-2026.csv", CategoryComponent, "2026"},
	} {
		b, err := fs.ReadFile(assets.Standards, f.file)
		if err != nil {
			panic("domain: national code list missing from assets: " + f.file)
		}
		rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
		if err != nil || len(rows) < 2 {
			panic("domain: national code list unreadable: " + f.file)
		}
		for _, r := range rows[1:] {
			n, _ := strconv.Atoi(r[4])
			c := CaseClass{Category: f.category, Code: r[0], MajorCode: r[1], MajorName: r[2], Name: r[3], List: f.list, Sources: n}
			caseClasses.all = append(caseClasses.all, c)
			caseClasses.byCode[c.Category+"\x00"+c.Code] = c
			if _, ok := caseClasses.byName[c.Category+"\x00"+c.Name]; !ok {
				caseClasses.byName[c.Category+"\x00"+c.Name] = c
			}
		}
	}
}

// LookupCaseClass finds a national 小类 of category by its code.
func LookupCaseClass(category, code string) (CaseClass, bool) {
	caseClassesOnce.Do(loadCaseClasses)
	c, ok := caseClasses.byCode[category+"\x00"+strings.TrimSpace(code)]
	return c, ok
}

// CaseClassByName finds a national 小类 of category by its name (the 2013 list first).
func CaseClassByName(category, name string) (CaseClass, bool) {
	caseClassesOnce.Do(loadCaseClasses)
	c, ok := caseClasses.byName[category+"\x00"+strings.TrimSpace(name)]
	return c, ok
}

// CaseClasses lists every national 小类 of category ("" for both), 2013 lists first,
// in code order: what a form offers to pick from.
func CaseClasses(category string) []CaseClass {
	caseClassesOnce.Do(loadCaseClasses)
	var out []CaseClass
	for _, c := range caseClasses.all {
		if category == "" || c.Category == category {
			out = append(out, c)
		}
	}
	return out
}
