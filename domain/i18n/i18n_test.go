package i18n

import (
	"regexp"
	"testing"
)

// Every key exists in both languages, no key is defined in two parts, and both
// renderings use the same placeholders.
func TestCatalogueIsComplete(t *testing.T) {
	if d := Duplicates(); len(d) > 0 {
		t.Errorf("keys defined twice: %v", d)
	}
	zh, en := map[string]bool{}, map[string]bool{}
	for _, k := range Keys(ZH) {
		zh[k] = true
	}
	for _, k := range Keys(EN) {
		en[k] = true
		if !zh[k] {
			t.Errorf("%s: only in en", k)
		}
	}
	for k := range zh {
		if !en[k] {
			t.Errorf("%s: only in zh", k)
		}
	}
	ph := regexp.MustCompile(`\{\{\.\w+\}\}`)
	for k := range zh {
		if !en[k] {
			continue
		}
		a, b := ph.FindAllString(catalogue[ZH][k], -1), ph.FindAllString(catalogue[EN][k], -1)
		set := func(s []string) map[string]bool {
			m := map[string]bool{}
			for _, x := range s {
				m[x] = true
			}
			return m
		}
		sa, sb := set(a), set(b)
		for x := range sa {
			if !sb[x] {
				t.Errorf("%s: %s only in zh", k, x)
			}
		}
		for x := range sb {
			if !sa[x] {
				t.Errorf("%s: %s only in en", k, x)
			}
		}
	}
}

func TestLocaleDefaults(t *testing.T) {
	cases := map[string]Lang{"C": ZH, "POSIX": ZH, "C.UTF-8": ZH, "zh_CN.UTF-8": ZH, "en_US.UTF-8": EN, "de_DE.UTF-8": ZH}
	for locale, want := range cases {
		t.Setenv("LC_ALL", locale)
		if got := FromEnvironment(); got != want {
			t.Errorf("%s → %s, want %s", locale, got, want)
		}
	}
}

func TestRenderingWithParamsAndKeys(t *testing.T) {
	got := T(ZH, "err.not_found", map[string]any{"What": Key("entity.projects"), "Key": "P1"})
	if got != "找不到预算项目“P1”" {
		t.Errorf("got %q", got)
	}
	if T(EN, "no.such.key", nil) != "no.such.key" {
		t.Error("missing key should render as itself")
	}
	if Enum(EN, "污水") != "sewage" || Enum(ZH, "污水") != "污水" {
		t.Error("enum rendering")
	}
	if v, ok := EnumFromAny("Sewage"); !ok || v != "污水" {
		t.Errorf("EnumFromAny: %q %v", v, ok)
	}
}
