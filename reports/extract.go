package reports

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The extractor reads the figures a person typed into notes, project texts and
// indicator values: a number (Arabic, or a Chinese numeral before a measure word) with
// its unit, the change word before it (增加/减少, 增长/下降…), whether it is
// approximate (约, 余, 多, 以上…), and the clause it stands in. What a figure refers to
// is decided elsewhere (typedchecks.go) from the clause's words; this file knows only
// how Chinese states quantities.

// statedFigure is one figure found in typed text.
type statedFigure struct {
	// Mantissa and Exp give the value as stated: Mantissa × 10^-Exp in Unit
	// ("34.23万元" is 3423, 2, 万元; "两辆" is 2, 0, 辆).
	Mantissa int64
	Exp      int
	// Unit is the canonical unit (units below): 万元, 元, %, ㎡, 米, 公里, or a measure word.
	Unit string
	// Change is the sign of a change word before the figure: +1 (增加, 增长, 上升, 提高),
	// -1 (减少, 下降, 降低), 0 when the figure states a level.
	Change int
	// ChangeWord is that word as typed.
	ChangeWord string
	// Approx marks a figure stated as approximate or as a bound (约, 余, 多, 左右, 以上,
	// 超过, 不少于…): never compared as if exact.
	Approx bool
	// Text is the figure as typed ("两辆", "34.23万元"); Clause is the part of the
	// sentence it stands in (between clause punctuation); Before is the clause up to
	// the figure and After the clause after it.
	Text, Clause, Before, After string
}

// unitAliases maps what people type after a number to its canonical unit. Longer
// spellings come first where one is a prefix of another.
var unitAliases = []struct{ typed, unit string }{
	{"万元", "万元"}, {"元", "元"},
	{"%", "%"}, {"％", "%"},
	{"平方米", "㎡"}, {"平米", "㎡"}, {"㎡", "㎡"}, {"m²", "㎡"}, {"m2", "㎡"},
	{"平方公里", "平方公里"},
	{"公里", "公里"}, {"千米", "公里"}, {"km", "公里"},
	{"米", "米"},
	{"人次", "人次"}, {"批次", "批次"},
	{"辆", "辆"}, {"盏", "盏"}, {"个", "个"}, {"条", "条"}, {"件", "件"}, {"次", "次"},
	{"人", "人"}, {"名", "人"}, {"批", "批次"}, {"台", "台"}, {"套", "套"}, {"座", "座"}, {"处", "处"},
	{"株", "株"}, {"块", "块"}, {"项", "项"}, {"吨", "吨"}, {"幅", "幅"}, {"根", "根"},
}

// changeWords are the words that make a figure a change, with their sign.
var changeWords = []struct {
	word string
	sign int
}{
	{"增加", 1}, {"增长", 1}, {"上升", 1}, {"提高", 1}, {"上涨", 1}, {"多支出", 1},
	{"减少", -1}, {"下降", -1}, {"降低", -1}, {"节约", -1}, {"少支出", -1},
}

// approxBefore and approxAfter mark a figure as approximate or as a bound.
var (
	approxBefore = []string{"约", "大约", "近", "将近", "超过", "逾", "不少于", "不低于", "不超过", "至少", "最多", "达到", "高达"}
	approxAfter  = []string{"余", "多", "左右", "以上", "以下", "以内", "上下", "余万元"}
)

// clauseBreaks end a clause; sentenceBreaks end a sentence.
const (
	clauseBreaks   = "，,；;。！？!?：:\n、（）()"
	sentenceBreaks = "。！？!?；;\n"
)

// extractFigures lists the figures stated in text, in order.
func extractFigures(text string) []statedFigure {
	rs := []rune(text)
	var out []statedFigure
	for i := 0; i < len(rs); {
		start := i
		mant, exp, end, ok := arabicNumber(rs, i)
		chinese := false
		if !ok {
			mant, end, ok = chineseNumber(rs, i)
			exp, chinese = 0, true
		}
		if !ok {
			i++
			continue
		}
		// A number glued to Latin letters or digits on its left is part of a code.
		if start > 0 && isASCIIAlnum(rs[start-1]) {
			i = end
			continue
		}
		if start > 0 && rs[start-1] == '第' {
			i = end
			continue
		}
		// 5万平米: 万 multiplies the number when a unit other than 元 follows it.
		if end < len(rs) && rs[end] == '万' && !hasPrefixAt(rs, end, "万元") {
			if u, n := unitAt(rs, end+1); u != "" && n > 0 {
				exp -= 4
				end++
			}
		}
		unit, n := unitAt(rs, end)
		if unit == "" {
			i = end
			continue
		}
		// An enumeration ("1.一条重要路线", "2、") is not a figure.
		if !chinese && (hasPrefixAt(rs, end, "、") || (end < len(rs) && rs[end] == '.')) {
			i = end
			continue
		}
		// Chinese numerals count things: only before a measure word, never before 元/%.
		if chinese && (unit == "万元" || unit == "元" || unit == "%" || unit == "㎡" || unit == "米" || unit == "公里") {
			i = end
			continue
		}
		// A measure word glued to a longer word is not a unit ("三分类", "一线").
		if chinese && n == 1 && end+1 < len(rs) && boundWord(rs[end], rs[end+1]) {
			i = end
			continue
		}
		f := statedFigure{Mantissa: mant, Exp: exp, Unit: unit, Text: string(rs[start : end+n])}
		normalise(&f)
		cs, ce := clauseBounds(rs, start, end+n)
		f.Clause = strings.TrimSpace(string(rs[cs:ce]))
		f.Before = string(rs[cs:start])
		f.After = string(rs[end+n : ce])
		before := strings.TrimRight(f.Before, " 了为达至到")
		for _, cw := range changeWords {
			if strings.HasSuffix(before, cw.word) {
				f.Change, f.ChangeWord = cw.sign, cw.word
				break
			}
		}
		for _, w := range approxBefore {
			if strings.HasSuffix(strings.TrimSpace(f.Before), w) {
				f.Approx = true
			}
		}
		if end > 0 && end < len(rs) && strings.ContainsRune("余多", rs[end]) {
			f.Approx = true // "360余米": the 余 stands between the number and the unit
		}
		for _, w := range approxAfter {
			if strings.HasPrefix(f.After, w) {
				f.Approx = true
			}
		}
		out = append(out, f)
		i = end + n
	}
	return out
}

// normalise drops trailing decimal zeros so that "15.00万元" and "15万元" state the
// same figure at the precision they mean (an amount typed with .00 is still exact to
// the 元: Exp may go negative for 万元, which comparisons handle).
func normalise(f *statedFigure) {
	for f.Exp > 0 && f.Mantissa%10 == 0 {
		f.Mantissa /= 10
		f.Exp--
	}
}

// arabicNumber reads "1234", "1,234.5", "34.23" at rs[i]; "360余" stops before 余.
func arabicNumber(rs []rune, i int) (mant int64, exp, end int, ok bool) {
	j, digits := i, 0
	push := func(r rune) bool {
		if mant > (1<<62)/10 {
			return false
		}
		mant = mant*10 + int64(toASCIIDigit(r)-'0')
		return true
	}
	for j < len(rs) {
		switch {
		case isDigit(rs[j]):
			if !push(rs[j]) {
				return 0, 0, j, false
			}
			digits++
			j++
			continue
		case rs[j] == ',' && digits > 0 && threeDigitsAt(rs, j+1):
			// A thousands separator only before a group of exactly three digits.
			j++
			continue
		}
		break
	}
	if digits == 0 {
		return 0, 0, i, false
	}
	if j+1 < len(rs) && rs[j] == '.' && isDigit(rs[j+1]) {
		j++
		for j < len(rs) && isDigit(rs[j]) {
			if !push(rs[j]) {
				return 0, 0, j, false
			}
			exp++
			j++
		}
	}
	return mant, exp, j, true
}

func threeDigitsAt(rs []rune, i int) bool {
	if i+3 > len(rs) {
		return false
	}
	for k := i; k < i+3; k++ {
		if !isDigit(rs[k]) {
			return false
		}
	}
	return i+3 == len(rs) || !isDigit(rs[i+3])
}

func isDigit(r rune) bool { d := toASCIIDigit(r); return d >= '0' && d <= '9' }

// toASCIIDigit maps full-width digits to ASCII.
func toASCIIDigit(r rune) rune {
	if r >= '０' && r <= '９' {
		return r - '０' + '0'
	}
	return r
}

func isASCIIAlnum(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

var chineseDigits = map[rune]int64{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
var chineseUnits = map[rune]int64{'十': 10, '百': 100, '千': 1000}

// chineseNumber reads a Chinese numeral up to 9999 ("两", "十二", "二十三", "一百零五").
func chineseNumber(rs []rune, i int) (int64, int, bool) {
	var total, digit int64
	seen := false
	j := i
	for j < len(rs) {
		r := rs[j]
		if d, ok := chineseDigits[r]; ok {
			digit = d
			seen = true
			j++
			continue
		}
		if u, ok := chineseUnits[r]; ok {
			if digit == 0 && u == 10 && !seen {
				digit = 1 // 十二 is 12
			}
			total += digit * u
			digit = 0
			seen = true
			j++
			continue
		}
		break
	}
	if !seen {
		return 0, i, false
	}
	return total + digit, j, true
}

// unitAt is the canonical unit typed at rs[i] and how many runes it takes.
func unitAt(rs []rune, i int) (string, int) {
	if i < len(rs) && strings.ContainsRune("余多", rs[i]) {
		// "360余米": the unit follows the 余.
		if u, n := unitAt(rs, i+1); u != "" {
			return u, n + 1
		}
	}
	for _, a := range unitAliases {
		if hasPrefixAt(rs, i, a.typed) {
			n := utf8.RuneCountInString(a.typed)
			// "km"/"m2" must end there, not run into a word.
			if a.typed[0] < utf8.RuneSelf && i+n < len(rs) && isASCIIAlnum(rs[i+n]) {
				continue
			}
			return a.unit, n
		}
	}
	return "", 0
}

// boundWord reports whether a one-rune measure word followed by next forms a word of
// its own, so that the numeral before it is not a count ("三分类", "一线", "一次性").
func boundWord(measure, next rune) bool {
	words := map[rune]string{'个': "人体别性案", '次': "性要日", '件': "事", '条': "例件款", '处': "理置", '台': "风阶账", '名': "单称义", '项': "目"}
	return strings.ContainsRune(words[measure], next)
}

func hasPrefixAt(rs []rune, i int, s string) bool {
	for _, r := range s {
		if i >= len(rs) || rs[i] != r {
			return false
		}
		i++
	}
	return true
}

// clauseBounds is the clause around rs[start:end].
func clauseBounds(rs []rune, start, end int) (int, int) {
	s := start
	for s > 0 && !strings.ContainsRune(clauseBreaks, rs[s-1]) {
		s--
	}
	e := end
	for e < len(rs) && !strings.ContainsRune(clauseBreaks, rs[e]) {
		e++
	}
	return s, e
}

// sentenceOf is the sentence of text holding the clause.
func sentenceOf(text, clause string) string {
	i := strings.Index(text, clause)
	if i < 0 {
		return clause
	}
	s := strings.LastIndexAny(text[:i], sentenceBreaks)
	if s < 0 {
		s = 0
	} else {
		_, w := utf8.DecodeRuneInString(text[s:])
		s += w
	}
	e := strings.IndexAny(text[i:], sentenceBreaks)
	if e < 0 {
		e = len(text)
	} else {
		e += i
	}
	return strings.TrimSpace(text[s:e])
}
