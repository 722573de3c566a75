// Package i18n renders the one message catalogue (assets/i18n) that domain errors,
// reports, ledgerctl and the GUI share. The catalogue is split into parts by area
// (assets/i18n/<part>/zh-Hans.json and en.json, the names Fyne's loader expects) so
// that each area keeps its own strings; a key may be defined only once. Keys are flat ("rule.required"); values may
// hold {{.Name}} placeholders, the syntax Fyne's own translation loader also reads.
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"cityledger/assets"
)

// Localized is a parameter value that renders itself in the message's language
// (a list of field differences, say).
type Localized interface {
	Localize(lang Lang) string
}

// Key is a parameter value that is itself a catalogue key, rendered in the message's
// language ("entity.projects" → 预算项目 / budget project).
type Key string

// Lang is a catalogue language: "zh" (zh-CN) or "en".
type Lang string

const (
	ZH Lang = "zh"
	EN Lang = "en"
)

var (
	loadOnce  sync.Once
	catalogue map[Lang]map[string]string
	current   atomic.Value // Lang
)

func load() {
	catalogue = map[Lang]map[string]string{ZH: {}, EN: {}}
	dirs, err := fs.ReadDir(assets.FS, "i18n")
	if err != nil {
		panic("i18n: catalogue missing from assets")
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		for lang, name := range map[Lang]string{ZH: "zh-Hans.json", EN: "en.json"} {
			file := path.Join("i18n", d.Name(), name)
			b, err := assets.FS.ReadFile(file)
			if err != nil {
				panic("i18n: catalogue part missing: " + file)
			}
			m := map[string]string{}
			if err := json.Unmarshal(b, &m); err != nil {
				panic(fmt.Sprintf("i18n: %s: %v", file, err))
			}
			for k, v := range m {
				if _, dup := catalogue[lang][k]; dup {
					duplicates = append(duplicates, file+": "+k)
				}
				catalogue[lang][k] = v
			}
		}
	}
}

// duplicates lists keys defined in more than one part (a test keeps it empty).
var duplicates []string

// Duplicates reports keys defined twice across the catalogue's parts.
func Duplicates() []string { loadOnce.Do(load); return duplicates }

// Dirs lists the catalogue's parts, the folders Fyne's translation loader is given.
func Dirs() []string {
	dirs, _ := fs.ReadDir(assets.FS, "i18n")
	var out []string
	for _, d := range dirs {
		if d.IsDir() {
			out = append(out, path.Join("i18n", d.Name()))
		}
	}
	return out
}

// Parse reads a --lang flag value ("zh", "zh-CN", "en", "en-US"…); ok is false otherwise.
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "zh" || strings.HasPrefix(s, "zh-") || strings.HasPrefix(s, "zh_"):
		return ZH, true
	case s == "en" || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en_"):
		return EN, true
	}
	return "", false
}

// FromEnvironment picks the language from LC_ALL / LC_MESSAGES / LANG. C, POSIX and
// anything that is neither Chinese nor English give zh: the bureau's staff read Chinese.
func FromEnvironment() Lang {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			if l, ok := Parse(s); ok {
				return l
			}
			return ZH
		}
	}
	return ZH
}

// SetDefault sets the language that error values render in (err.Error()).
func SetDefault(l Lang) { current.Store(l) }

// Default is the language set by SetDefault, zh until then.
func Default() Lang {
	if l, ok := current.Load().(Lang); ok {
		return l
	}
	return ZH
}

// Has reports whether key exists in lang's catalogue.
func Has(lang Lang, key string) bool {
	loadOnce.Do(load)
	_, ok := catalogue[lang][key]
	return ok
}

// T renders key in lang with params substituted for {{.Name}}; {{.N|one|other}} is
// the word "one" when parameter N is 1 and "other" otherwise (English plurals:
// "{{.N}} {{.N|warning|warnings}}"). A key missing from
// the catalogue renders as the key itself, so a slip is visible but never fatal.
func T(lang Lang, key string, params map[string]any) string {
	loadOnce.Do(load)
	s, ok := catalogue[lang][key]
	if !ok {
		s, ok = catalogue[ZH][key]
		if !ok {
			return key
		}
	}
	if len(params) == 0 || !strings.Contains(s, "{{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "{{.")
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		name := s[i+3 : i+j]
		if n, forms, isPlural := strings.Cut(name, "|"); isPlural {
			// {{.N|lamp|lamps}}: the word for the count N, singular when N is 1.
			one, other, _ := strings.Cut(forms, "|")
			if v, ok := params[n]; ok && fmt.Sprint(v) == "1" {
				b.WriteString(one)
			} else {
				b.WriteString(other)
			}
			s = s[i+j+2:]
			continue
		}
		if v, ok := params[name]; ok {
			if k, isKey := v.(Key); isKey {
				b.WriteString(T(lang, string(k), nil))
			} else if l, isLocalized := v.(Localized); isLocalized {
				b.WriteString(l.Localize(lang))
			} else {
				fmt.Fprint(&b, v)
			}
		} else {
			b.WriteString(s[i : i+j+2])
		}
		s = s[i+j+2:]
	}
	return b.String()
}

// Enum renders an enumeration value (stored in Chinese) in lang: the value itself in
// zh, "enum.<value>" from the catalogue in en.
func Enum(lang Lang, value string) string {
	if lang == ZH || value == "" {
		return value
	}
	if Has(lang, "enum."+value) {
		return T(lang, "enum."+value, nil)
	}
	return value
}

// EnumFromAny maps an English rendering back to the stored Chinese value, so imports
// and forms accept both. ok is false when s is no known English rendering.
func EnumFromAny(s string) (string, bool) {
	loadOnce.Do(load)
	low := strings.ToLower(strings.TrimSpace(s))
	for k, v := range catalogue[EN] {
		if strings.HasPrefix(k, "enum.") && strings.ToLower(v) == low {
			return strings.TrimPrefix(k, "enum."), true
		}
	}
	return "", false
}

// Keys lists the catalogue's keys for lang, sorted (tests check both languages match).
func Keys(lang Lang) []string {
	loadOnce.Do(load)
	out := make([]string, 0, len(catalogue[lang]))
	for k := range catalogue[lang] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
