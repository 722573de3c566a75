package reports

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"time"

	"cityledger/domain/i18n"
)

// The DOCX is WordprocessingML written by hand (archive/zip + encoding/xml escaping):
// the report needs paragraphs, tables with horizontal and vertical merges, and the East
// Asian font in every run's properties (w:eastAsia), and nothing else. The served DOCX
// library (gomutex/godocx, untagged) sets no w:eastAsia and would still need its merge
// API learned and pinned; ~300 lines of markup we control are the smaller dependency.

// Fonts and sizes of the disclosure documents: 宋体 body, 黑体 headings; sizes in
// half-points (小四 = 12 pt, 五号 = 10.5 pt, 三号 = 16 pt).
const (
	docxBodyFont    = "宋体"
	docxHeadFont    = "黑体"
	docxLatinFont   = "Times New Roman"
	docxBodySize    = 24
	docxTableSize   = 21
	docxHeadingSize = 28
	docxTitleSize   = 32
	docxTextWidth   = 9026 // twips: A4 (11906) less two 1440 margins
)

// WriteDOCX writes the report as a Word document: headings, the paragraphs with a
// two-character first-line indent, and the tables with their merged cells, ready to
// paste into the annual report; page numbers in the footer.
func WriteDOCX(w io.Writer, m *Model) error { return writeDOCX(w, m, RenderOptions{}) }

func writeDOCX(w io.Writer, m *Model, opts RenderOptions) error {
	var body strings.Builder
	d := &docxWriter{b: &body, opts: opts, lang: m.Lang}
	d.para(m.Title, paraOpts{align: "center", bold: true, size: docxTitleSize, font: docxHeadFont, after: 240})
	for _, s := range m.Sections {
		d.para(s.Heading, paraOpts{bold: true, size: docxHeadingSize, font: docxHeadFont, before: 240, after: 120, keepNext: true})
		for _, bl := range s.Blocks {
			switch {
			case bl.Subheading != "":
				d.para(bl.Subheading, paraOpts{size: docxBodySize, font: docxHeadFont, indent: true, before: 120, keepNext: true})
			case bl.Table != nil:
				d.table(bl.Table)
			case bl.Check != nil:
				color := "7A5200"
				if bl.Check.Severity == SeverityError {
					color = "A40000"
				}
				d.para(bl.Paragraph, paraOpts{size: docxBodySize, color: color})
			default:
				d.para(bl.Paragraph, paraOpts{size: docxBodySize, indent: true, justify: true})
			}
		}
	}
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<w:body>` + body.String() +
		`<w:sectPr><w:footerReference w:type="default" r:id="rId2"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>` +
		`</w:body></w:document>`

	zw := zip.NewWriter(w)
	files := []struct{ name, content string }{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRels},
		{"docProps/core.xml", docxCore(m.Title)},
		{"word/_rels/document.xml.rels", docxDocRels},
		{"word/styles.xml", docxStyles},
		{"word/footer1.xml", docxFooter},
		{"word/document.xml", doc},
	}
	// A fixed timestamp keeps the bytes the same for the same report.
	stamp := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range files {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, f.content); err != nil {
			return err
		}
	}
	return zw.Close()
}

type docxWriter struct {
	b    *strings.Builder
	opts RenderOptions
	lang i18n.Lang
}

type paraOpts struct {
	align         string // left (default), center, right, both
	bold          bool
	size          int
	font          string
	color         string
	indent        bool // first line indented by two characters
	justify       bool
	before, after int // spacing in twips
	keepNext      bool
}

func esc(s string) string {
	var buf bytes.Buffer
	_ = xml.EscapeText(&buf, []byte(s))
	return buf.String()
}

// runProps sets the Latin and the East Asian font explicitly on every run: Word takes
// Chinese glyphs from w:eastAsia only.
func runProps(o paraOpts) string {
	font := o.font
	if font == "" {
		font = docxBodyFont
	}
	size := o.size
	if size == 0 {
		size = docxBodySize
	}
	s := `<w:rPr><w:rFonts w:ascii="` + docxLatinFont + `" w:hAnsi="` + docxLatinFont + `" w:eastAsia="` + font + `" w:cs="` + docxLatinFont + `" w:hint="eastAsia"/>`
	if o.bold {
		s += `<w:b/><w:bCs/>`
	}
	if o.color != "" {
		s += `<w:color w:val="` + o.color + `"/>`
	}
	sz := strconv.Itoa(size)
	return s + `<w:sz w:val="` + sz + `"/><w:szCs w:val="` + sz + `"/></w:rPr>`
}

func paraProps(o paraOpts) string {
	s := `<w:pPr>`
	if o.keepNext {
		s += `<w:keepNext/>`
	}
	s += `<w:spacing w:before="` + strconv.Itoa(o.before) + `" w:after="` + strconv.Itoa(o.after) + `" w:line="360" w:lineRule="auto"/>`
	if o.indent {
		s += `<w:ind w:firstLineChars="200" w:firstLine="480"/>`
	}
	align := o.align
	if align == "" && o.justify {
		align = "both"
	}
	if align != "" {
		s += `<w:jc w:val="` + align + `"/>`
	}
	return s + runProps(o) + `</w:pPr>`
}

// runs writes text as runs, a line break for each newline.
func runs(text string, o paraOpts) string {
	var b strings.Builder
	for i, line := range strings.Split(text, "\n") {
		b.WriteString(`<w:r>` + runProps(o))
		if i > 0 {
			b.WriteString(`<w:br/>`)
		}
		b.WriteString(`<w:t xml:space="preserve">` + esc(line) + `</w:t></w:r>`)
	}
	return b.String()
}

func (d *docxWriter) para(text string, o paraOpts) {
	d.b.WriteString(`<w:p>` + paraProps(o) + runs(text, o) + `</w:p>`)
}

// table writes the grid: gridSpan for horizontal spans, vMerge restart/continue for
// vertical ones; cells hidden by a span from the left are left out, as Word expects.
func (d *docxWriter) table(t *Table) {
	d.para(t.Title, paraOpts{align: "center", bold: true, size: docxBodySize, before: 240, keepNext: true})
	if t.Subtitle != "" {
		d.para(t.Subtitle, paraOpts{align: "center", size: docxBodySize, keepNext: true})
	}
	total := 0
	for _, w := range t.Widths {
		total += w
	}
	cols := make([]int, t.Columns)
	for i := range cols {
		cols[i] = docxTextWidth / t.Columns
		if total > 0 && i < len(t.Widths) {
			cols[i] = docxTextWidth * t.Widths[i] / total
		}
	}
	b := d.b
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + strconv.Itoa(docxTextWidth) + `" w:type="dxa"/><w:jc w:val="center"/>` +
		`<w:tblBorders>` + borders("top", "left", "bottom", "right", "insideH", "insideV") + `</w:tblBorders>` +
		`<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, c := range cols {
		b.WriteString(`<w:gridCol w:w="` + strconv.Itoa(c) + `"/>`)
	}
	b.WriteString(`</w:tblGrid>`)
	// A form's top block (name, unit, budget, targets, the indicators' header) is kept
	// on one page with the first indicator row: every paragraph before it keeps with the
	// next, and no row splits. Its first row (the project's name) and a list's header
	// row repeat on each page a table continues on.
	keepUntil := -1
	if t.Kind == TableForm {
		keepUntil = len(t.Rows) - 1 - countIndicatorRows(t)
	}
	for r, row := range t.Rows {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/>`)
		if r == 0 {
			b.WriteString(`<w:tblHeader/>`)
		}
		b.WriteString(`</w:trPr>`)
		for c, cell := range row {
			if cell.Covered == "left" {
				continue
			}
			origin := cell
			if cell.Covered == "up" {
				for k := r - 1; k >= 0; k-- {
					if t.Rows[k][c].Covered != "up" {
						origin = t.Rows[k][c]
						break
					}
				}
			}
			span := max(origin.ColSpan, 1)
			width := 0
			for k := c; k < c+span && k < len(cols); k++ {
				width += cols[k]
			}
			b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(width) + `" w:type="dxa"/>`)
			if span > 1 {
				b.WriteString(`<w:gridSpan w:val="` + strconv.Itoa(span) + `"/>`)
			}
			switch {
			case cell.Covered == "up":
				b.WriteString(`<w:vMerge/>`)
			case cell.RowSpan > 1:
				b.WriteString(`<w:vMerge w:val="restart"/>`)
			}
			if origin.Header {
				b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="EEF1F5"/>`)
			}
			b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
			o := paraOpts{size: docxTableSize}
			switch {
			case origin.Header:
				o.align = "center"
				o.bold = t.Kind == TableList && r == 0
			case (cell.Fen != nil || cell.Num != nil || cell.Pct != nil) && t.Kind == TableForm:
				o.align = "center"
			case cell.Fen != nil || cell.Num != nil || cell.Pct != nil:
				o.align = "right"
			}
			text := d.cellText(cell)
			if cell.Covered != "" {
				text = ""
			}
			b.WriteString(`<w:p><w:pPr>`)
			if r <= keepUntil {
				b.WriteString(`<w:keepNext/>`)
			}
			b.WriteString(`<w:spacing w:before="0" w:after="0" w:line="276" w:lineRule="auto"/>`)
			if o.align != "" {
				b.WriteString(`<w:jc w:val="` + o.align + `"/>`)
			}
			b.WriteString(runProps(o) + `</w:pPr>` + runs(text, o) + `</w:p></w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	// Word needs a paragraph between two tables, or it joins them.
	d.para("", paraOpts{size: docxTableSize})
}

// countIndicatorRows is how many rows of a 项目绩效目标完成情况表 follow its indicator
// header row (the header is the last row whose second cell is a header).
func countIndicatorRows(t *Table) int {
	for r := len(t.Rows) - 1; r >= 0; r-- {
		if len(t.Rows[r]) > 1 && t.Rows[r][1].Header {
			return len(t.Rows) - 1 - r
		}
	}
	return 0
}

// cellText is what a cell prints: its text, or its amount with a fixed number of
// decimals when the options ask for it.
func (d *docxWriter) cellText(c Cell) string { return cellText(c, d.lang, d.opts) }

func borders(sides ...string) string {
	var s string
	for _, side := range sides {
		s += `<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="333333"/>`
	}
	return s
}

const docxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const docxRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

const docxDocRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
	`</Relationships>`

// docxFooter numbers the pages "- 1 -", centred, the way Chinese official documents do:
// a PAGE field Word and LibreOffice fill in when they lay the document out.
var docxFooter = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:p><w:pPr><w:jc w:val="center"/></w:pPr>` +
	`<w:r>` + runProps(paraOpts{size: docxTableSize}) + `<w:t xml:space="preserve">- </w:t></w:r>` +
	`<w:r>` + runProps(paraOpts{size: docxTableSize}) + `<w:fldChar w:fldCharType="begin"/></w:r>` +
	`<w:r>` + runProps(paraOpts{size: docxTableSize}) + `<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
	`<w:r>` + runProps(paraOpts{size: docxTableSize}) + `<w:fldChar w:fldCharType="separate"/></w:r>` +
	`<w:r>` + runProps(paraOpts{size: docxTableSize}) + `<w:t>1</w:t></w:r>` +
	`<w:r>` + runProps(paraOpts{size: docxTableSize}) + `<w:fldChar w:fldCharType="end"/></w:r>` +
	`<w:r>` + runProps(paraOpts{size: docxTableSize}) + `<w:t xml:space="preserve"> -</w:t></w:r>` +
	`</w:p></w:ftr>`

func docxCore(title string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
		`<dc:title>` + esc(title) + `</dc:title><dc:creator>CityLedger</dc:creator></cp:coreProperties>`
}

// docxStyles sets the document defaults with the East Asian font too, so text typed
// into the document later is in 宋体 as well.
const docxStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="` + docxLatinFont + `" w:hAnsi="` + docxLatinFont + `" w:eastAsia="` + docxBodyFont + `" w:cs="` + docxLatinFont + `"/>` +
	`<w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="360" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
	`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`</w:styles>`
