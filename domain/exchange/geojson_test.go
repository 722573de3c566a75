package exchange

import (
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

var geojsonCases = []struct {
	name   string
	in     string
	header []string
	cells  [][]string
	geoms  []orb.Geometry
	crs    string
}{
	{"collection with 3-D lines and ragged properties",
		`{"type":"FeatureCollection","features":[
		{"type":"Feature","geometry":{"type":"LineString","coordinates":[[-79.5,43.1,0],[-79.4,43.2,0]]},"properties":{"OBJECTID":1,"DIAMETER":500,"MATERIAL":"PVC"}},
		{"type":"Feature","geometry":null,"properties":{"OBJECTID":2,"Map_Notes":"Damaged","DIAMETER":-1.5,"ok":true,"obj":{"a":1},"nil":null}}]}`,
		[]string{"OBJECTID", "DIAMETER", "MATERIAL", "Map_Notes", "ok", "obj", "nil"},
		[][]string{{"1", "500", "PVC"}, {"2", "-1.5", "", "Damaged", "true", `{"a":1}`, ""}},
		[]orb.Geometry{orb.LineString{{-79.5, 43.1}, {-79.4, 43.2}}, nil}, ""},
	{"single feature with id and big integers",
		`{"type":"Feature","id":7,"geometry":{"type":"Point","coordinates":[8.5,47.4]},"properties":{"GISOBJID":"14000032","n":12345678901234567}}`,
		[]string{"GISOBJID", "n", "id"}, [][]string{{"14000032", "12345678901234567", "7"}},
		[]orb.Geometry{orb.Point{8.5, 47.4}}, ""},
	{"legacy crs member",
		`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2056"}},"features":[
		{"type":"Feature","geometry":{"type":"Point","coordinates":[2683335.2,1254073.1]},"properties":{"id":"a"}}]}`,
		[]string{"id"}, [][]string{{"a"}}, []orb.Geometry{orb.Point{2683335.2, 1254073.1}}, "EPSG:2056"},
	{"BOM and CRS84",
		"\uFEFF" + `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[]}`,
		nil, nil, nil, ""},
}

func TestReadGeoJSON(t *testing.T) {
	for _, c := range geojsonCases {
		t.Run(c.name, func(t *testing.T) {
			tab, err := ReadGeoJSON(strings.NewReader(c.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tab.Header, c.header) {
				t.Errorf("header %q, want %q", tab.Header, c.header)
			}
			if tab.CRS != c.crs {
				t.Errorf("CRS %q, want %q", tab.CRS, c.crs)
			}
			for i, r := range tab.Rows {
				if r.Num != i+1 {
					t.Errorf("row %d numbered %d", i, r.Num)
				}
				if !reflect.DeepEqual(r.Cells, c.cells[i]) {
					t.Errorf("row %d cells %q, want %q", i, r.Cells, c.cells[i])
				}
				if !orb.Equal(orEmpty(r.Geometry), orEmpty(c.geoms[i])) {
					t.Errorf("row %d geometry %v, want %v", i, r.Geometry, c.geoms[i])
				}
			}
		})
	}
	for _, bad := range []string{``, `[]`, `{"type":"Point","coordinates":[1,2]}`,
		`{"type":"FeatureCollection","features":[{"properties":[1]}]}`} {
		if _, err := ReadGeoJSON(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadGeoJSON(%q) accepted", bad)
		}
	}
}
