package reports

import (
	"bufio"
	"io"
	"strings"

	"cityledger/domain/i18n"
)

// WriteMarkdown writes the canonical text of the report: headings, paragraphs and
// pipe tables. Merged cells print once, in their origin cell; the cells they cover
// stay empty. This is the form golden tests compare.
func WriteMarkdown(w io.Writer, m *Model) error { return writeMarkdown(w, m, RenderOptions{}) }

func writeMarkdown(w io.Writer, m *Model, o RenderOptions) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("# " + m.Title + "\n")
	for _, s := range m.Sections {
		bw.WriteString("\n## " + s.Heading + "\n")
		for _, bl := range s.Blocks {
			bw.WriteString("\n")
			switch {
			case bl.Subheading != "":
				bw.WriteString("### " + mdEscape(bl.Subheading) + "\n")
			case bl.Table != nil:
				writeMarkdownTable(bw, bl.Table, m.Lang, o)
			case bl.Check != nil:
				bw.WriteString("- " + mdEscape(bl.Paragraph) + "\n")
			default:
				bw.WriteString(mdEscape(bl.Paragraph) + "\n")
			}
		}
	}
	return bw.Flush()
}

func writeMarkdownTable(bw *bufio.Writer, t *Table, lang i18n.Lang, o RenderOptions) {
	bw.WriteString("**" + mdEscape(t.Title) + "**")
	if t.Subtitle != "" {
		bw.WriteString(" " + mdEscape(t.Subtitle))
	}
	bw.WriteString("\n\n")
	for i, row := range t.Rows {
		bw.WriteString("|")
		for _, c := range row {
			bw.WriteString(" " + mdCell(cellText(c, lang, o)) + " |")
		}
		bw.WriteString("\n")
		if i == 0 {
			bw.WriteString("|" + strings.Repeat(" --- |", len(row)) + "\n")
		}
	}
}

// mdEscape keeps text from turning into markup where Markdown would read it so:
// a leading list marker, heading mark or emphasis stars.
func mdEscape(s string) string {
	s = strings.ReplaceAll(s, "*", `\*`)
	if strings.HasPrefix(s, "#") || strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "+ ") {
		s = `\` + s
	}
	return s
}

func mdCell(s string) string {
	s = mdEscape(s)
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\r\n", "<br>")
	return strings.ReplaceAll(s, "\n", "<br>")
}
