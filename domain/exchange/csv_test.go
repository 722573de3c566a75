package exchange

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

func gb18030(s string) string {
	b, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	if err != nil {
		panic(err)
	}
	return b
}

func utf16le(s string) string {
	b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(s)
	if err != nil {
		panic(err)
	}
	return b
}

var csvCases = []struct {
	name     string
	in       string
	header   []string
	rows     [][]string
	nums     []int
	encoding string
}{
	{"plain", "code,type\nL1,通电路灯\nL2,景观灯\n", []string{"code", "type"},
		[][]string{{"L1", "通电路灯"}, {"L2", "景观灯"}}, []int{2, 3}, "UTF-8"},
	{"BOM and CRLF", "\uFEFFcode,type\r\nL1,通电路灯\r\n", []string{"code", "type"},
		[][]string{{"L1", "通电路灯"}}, []int{2}, "UTF-8"},
	{"GB18030", gb18030("编号,类型\nL1,通电路灯\n"), []string{"编号", "类型"},
		[][]string{{"L1", "通电路灯"}}, []int{2}, "GB18030"},
	{"UTF-16 with BOM, tabs", utf16le("编号\t类型\r\nL1\t景观灯\r\n"), []string{"编号", "类型"},
		[][]string{{"L1", "景观灯"}}, []int{2}, "UTF-16"},
	{"tab", "code\ttype\nL1\t景观灯\n", []string{"code", "type"}, [][]string{{"L1", "景观灯"}}, []int{2}, "UTF-8"},
	{"semicolon", "code;note\nL1;a,b\n", []string{"code", "note"}, [][]string{{"L1", "a,b"}}, []int{2}, "UTF-8"},
	{"comma wins over a quoted semicolon", "code,\"a;b;c\"\nL1,x\n", []string{"code", "a;b;c"},
		[][]string{{"L1", "x"}}, []int{2}, "UTF-8"},
	{"blank lines keep spreadsheet row numbers", "code\n\nL1\n,\nL2\n", []string{"code"},
		[][]string{{"L1"}, {"L2"}}, []int{3, 5}, "UTF-8"},
	{"a quoted line break stays one row", "code,note\nL1,\"two\nlines\"\nL2,x\n", []string{"code", "note"},
		[][]string{{"L1", "two\nlines"}, {"L2", "x"}}, []int{2, 3}, "UTF-8"},
	{"header after blank lines, cells trimmed", "\n\n code , type \n L1 , 景观灯 \n", []string{"code", "type"},
		[][]string{{"L1", "景观灯"}}, []int{4}, "UTF-8"},
	{"ragged rows", "a,b,c\n1\n1,2,3,4\n", []string{"a", "b", "c"}, [][]string{{"1"}, {"1", "2", "3", "4"}}, []int{2, 3}, "UTF-8"},
	{"lazy quotes", "a,b\nx\"y,z\n", []string{"a", "b"}, [][]string{{"x\"y", "z"}}, []int{2}, "UTF-8"},
}

func TestReadCSV(t *testing.T) {
	for _, c := range csvCases {
		t.Run(c.name, func(t *testing.T) {
			tab, err := ReadCSV(strings.NewReader(c.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tab.Header, c.header) {
				t.Errorf("header %q, want %q", tab.Header, c.header)
			}
			var rows [][]string
			var nums []int
			for _, r := range tab.Rows {
				rows = append(rows, r.Cells)
				nums = append(nums, r.Num)
			}
			if !reflect.DeepEqual(rows, c.rows) || !reflect.DeepEqual(nums, c.nums) {
				t.Errorf("rows %q at %v, want %q at %v", rows, nums, c.rows, c.nums)
			}
			if tab.Encoding != c.encoding {
				t.Errorf("encoding %s, want %s", tab.Encoding, c.encoding)
			}
		})
	}
	if _, err := ReadCSV(strings.NewReader("\n\n")); err == nil {
		t.Error("an empty file was read")
	}
}

func TestDetectDelimiter(t *testing.T) {
	for in, want := range map[string]rune{"a,b\n": ',', "a\tb\tc\n": '\t', "a;b\n": ';', "a\n": ',', "\n\na;b\n": ';', "\"a b\"\nc\td\n": ',', "": ','} {
		if got := detectDelimiter(in); got != want {
			t.Errorf("detectDelimiter(%q) = %q, want %q", in, got, want)
		}
	}
}
