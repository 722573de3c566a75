package registers

import (
	"context"
	"html/template"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"cityledger/domain"
	"cityledger/gui"
	"cityledger/gui/widgets"
)

// Printing: the asset card (资产卡片) and a register are written as print-ready HTML
// (A4, the browser's print dialog opened on load) and opened in the system's browser,
// which prints them or saves a PDF. No network: the page holds everything it shows.

// cardRecordRows is how many maintenance records an asset card lists: what fits on one
// A4 page under the fields and the photo box; the card says how many more there are.
const cardRecordRows = 18

// printRowLimit is how many rows a printed register holds (the current filter and sort).
const printRowLimit = 5000

// openPrintable opens a written page in the system's viewer; tests replace it.
var openPrintable = func(env *gui.Env, path string) error {
	return env.App.OpenURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(path)})
}

// printPath is where a page to print is written: the temp folder, named by what it shows.
func printPath(name string) string {
	clean := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>| `, r) {
			return '_'
		}
		return r
	}, name)
	return filepath.Join(os.TempDir(), "cityledger-"+clean+".html")
}

type cardField struct{ Label, Value string }

type cardData struct {
	Lang, Title, Heading, Printed string
	Fields                        []cardField
	PhotoLabel                    string
	RecordsTitle                  string
	RecordHeads                   []string
	Records                       [][]string
	More, NoRecords               string
	Total                         string
}

var pageCSS = template.CSS(`@page { size: A4; margin: 14mm; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 10.5pt; color: #000; margin: 0; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 2mm; letter-spacing: 0.3em; }
.sub { text-align: center; margin-bottom: 4mm; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 0.6pt solid #000; padding: 1.2mm 2mm; vertical-align: top; }
th { background: #eee; font-weight: bold; text-align: left; }
.num { text-align: right; white-space: nowrap; }
.card { display: grid; grid-template-columns: 1fr 45mm; gap: 4mm; margin-bottom: 5mm; }
.photo { border: 0.6pt dashed #000; height: 55mm; display: flex; align-items: center; justify-content: center; color: #555; }
.foot { margin-top: 3mm; font-size: 9pt; color: #333; }
.page { page-break-inside: avoid; }
@media screen { body { max-width: 190mm; margin: 8mm auto; } }`)

var cardTemplate = template.Must(template.New("card").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Title}}</title><style>{{.CSS}}</style></head>
<body onload="window.print()"><div class="page">
<h1>{{.Card.Title}}</h1><div class="sub">{{.Card.Heading}}</div>
<div class="card"><table>{{range .Card.Fields}}<tr><th>{{.Label}}</th><td>{{.Value}}</td></tr>{{end}}</table>
<div class="photo">{{.Card.PhotoLabel}}</div></div>
<table><tr><th colspan="{{len .Card.RecordHeads}}">{{.Card.RecordsTitle}}</th></tr>
<tr>{{range .Card.RecordHeads}}<th>{{.}}</th>{{end}}</tr>
{{range .Card.Records}}<tr>{{range $i, $c := .}}<td{{if eq $i 4}} class="num"{{end}}>{{$c}}</td>{{end}}</tr>{{end}}
{{if .Card.NoRecords}}<tr><td colspan="{{len .Card.RecordHeads}}">{{.Card.NoRecords}}</td></tr>{{end}}
</table>
<div class="foot">{{.Card.Total}}{{if .Card.More}} {{.Card.More}}{{end}}<br>{{.Card.Printed}}</div>
</div></body></html>`))

// writeAssetCard writes asset a's card: its fields, a box for its photo and its latest
// maintenance records (n in all, costing cost), on one A4 page.
func writeAssetCard(w io.Writer, env *gui.Env, a *domain.Asset, units []domain.Unit, recs []domain.Record, n int64, cost domain.Fen, now time.Time) error {
	unitName := map[int64]string{}
	for _, u := range units {
		unitName[u.ID] = u.ShortName
	}
	c := cardData{
		Title:        env.T("gui.card.title"),
		Heading:      env.ClassName(a.Class) + " " + a.Code,
		PhotoLabel:   env.T("gui.card.photo"),
		RecordsTitle: env.T("gui.detail.records"),
		Printed:      env.T("gui.card.printed", map[string]any{"Date": now.Format("2006-01-02 15:04")}),
		Total:        env.T("gui.card.total", map[string]any{"N": n, "Cost": widgets.Money(cost)}),
	}
	if def, ok := env.ClassOf(a.Class); ok {
		for _, fd := range formFieldsOf(def) {
			if !fd.Stored() || fd.Key == domain.GeometryField {
				continue
			}
			var v string
			switch fd.Type {
			case domain.TypeUnit:
				v = unitName[a.UnitID]
			case domain.TypeMoney:
				m, _ := a.Value(fd).(domain.Fen)
				v = widgets.Money(m)
			default:
				v = domain.DisplayValue(fd, domain.FormatValue(fd, a.Value(fd), nil), env.Lang)
			}
			label := widgets.Heading(env, fd.Name(env.Lang))
			if fd.Unit != "" && !strings.Contains(label, "("+fd.Unit+")") {
				label += " (" + fd.Unit + ")"
			}
			c.Fields = append(c.Fields, cardField{Label: label, Value: v})
		}
	}
	for _, k := range []string{"date", "work_type", "quantity", "contractor", "cost"} {
		c.RecordHeads = append(c.RecordHeads, widgets.Heading(env, widgets.FieldName(env, k)))
	}
	for i, r := range recs {
		if i == cardRecordRows {
			break
		}
		qty := ""
		if r.Quantity != 0 {
			qty = widgets.NumberOrEmpty(r.Quantity, 2) + " " + env.Enum(r.QuantityUnit)
		}
		c.Records = append(c.Records, []string{string(r.Date), env.Enum(r.WorkType), qty, r.Contractor, widgets.Money(r.Cost)})
	}
	if len(recs) == 0 {
		c.NoRecords = env.T("gui.card.no_records")
	}
	if n > int64(len(c.Records)) {
		c.More = env.T("gui.card.more", map[string]any{"N": len(c.Records)})
	}
	c.Lang = "zh-CN"
	if env.Lang != "zh" {
		c.Lang = string(env.Lang)
	}
	return cardTemplate.Execute(w, map[string]any{"Lang": c.Lang, "Title": c.Heading, "CSS": pageCSS, "Card": c})
}

// PrintAssetCard writes asset id's card and opens it to print (in the background).
func PrintAssetCard(env *gui.Env, id int64) {
	store := env.Store()
	env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		a, err := store.GetAsset(ctx, id)
		if err != nil {
			return nil, err
		}
		units, err := store.ListUnits(ctx)
		if err != nil {
			return nil, err
		}
		recs, err := store.FindRecords(ctx, domain.RecordFilter{AssetID: id, Desc: true, Limit: cardRecordRows})
		if err != nil {
			return nil, err
		}
		n, cost, err := store.CountRecords(ctx, domain.RecordFilter{AssetID: id})
		if err != nil {
			return nil, err
		}
		path := printPath(string(a.Class) + "-" + a.Code)
		if err := writeFile(path, func(w io.Writer) error { return writeAssetCard(w, env, a, units, recs, n, cost, time.Now()) }); err != nil {
			return nil, domain.Internal("print", err)
		}
		return func() { openOrSay(env, path) }, nil
	})
}

// openOrSay opens a page to print, or says where it is when no viewer opens.
func openOrSay(env *gui.Env, path string) {
	if err := openPrintable(env, path); err != nil {
		env.ShowMessage(env.T("gui.card.print"), env.T("gui.card.written", map[string]any{"Path": path}))
	}
}

// writeFile writes a page to print through the one atomic writer: a temporary file
// renamed over the fixed name, so a link someone planted at that name in the shared
// temp folder is replaced, never written through.
func writeFile(path string, write func(io.Writer) error) error {
	return gui.WriteAtomically(path, func(f *os.File) error { return write(f) })
}

var registerTemplate = template.Must(template.New("register").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Title}}</title><style>{{.CSS}}
@page { size: A4 landscape; } thead { display: table-header-group; } tr { page-break-inside: avoid; }</style></head>
<body onload="window.print()"><h1>{{.Title}}</h1><div class="sub">{{.Filter}}</div>
<table><thead><tr>{{range .Heads}}<th>{{.}}</th>{{end}}</tr></thead><tbody>
{{range .Rows}}<tr>{{range $i, $c := .}}<td{{if index $.Numeric $i}} class="num"{{end}}>{{$c}}</td>{{end}}</tr>{{end}}
</tbody></table><div class="foot">{{.Totals}}<br>{{.Printed}}</div></body></html>`))

// onPrint prints the register as it is filtered and sorted (up to printRowLimit rows).
func (r *register) onPrint() {
	env := r.env
	f := r.filter
	f.Offset, f.Limit = 0, printRowLimit
	store := env.Store()
	cols := r.cols
	units := r.unitName
	totals := r.footer.Text
	search := strings.TrimSpace(r.search.Text)
	title := r.def.Title(env.Lang)
	env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		as, err := store.FindAssets(ctx, f)
		if err != nil {
			return nil, err
		}
		data := map[string]any{"Lang": "zh-CN", "Title": title, "CSS": pageCSS, "Totals": totals,
			"Printed": env.T("gui.card.printed", map[string]any{"Date": time.Now().Format("2006-01-02 15:04")})}
		if env.Lang != "zh" {
			data["Lang"] = string(env.Lang)
		}
		filter := ""
		if search != "" {
			filter = env.T("gui.card.filter", map[string]any{"Search": search})
		}
		var heads []string
		var numeric []bool
		for _, c := range cols {
			heads = append(heads, c.title)
			numeric = append(numeric, c.numeric)
		}
		rows := make([][]string, len(as))
		for i := range as {
			for _, c := range cols {
				rows[i] = append(rows[i], c.cellText(env, units, &as[i]))
			}
		}
		data["Heads"], data["Numeric"], data["Rows"] = heads, numeric, rows
		if len(as) == printRowLimit {
			filter = strings.TrimSpace(filter + " " + env.T("gui.card.capped", map[string]any{"N": printRowLimit}))
		}
		data["Filter"] = filter
		path := printPath(string(r.class))
		if err := writeFile(path, func(w io.Writer) error { return registerTemplate.Execute(w, data) }); err != nil {
			return nil, domain.Internal("print", err)
		}
		return func() { openOrSay(env, path) }, nil
	})
}
