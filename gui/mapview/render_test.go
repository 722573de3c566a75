package mapview

import (
	"bytes"
	"context"
	"database/sql"
	"image"
	"image/color"
	"image/png"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
)

// TestRenderRedrawsOnlyWhatChanged checks the cache: the same request reuses every
// image, a new selection redraws only the selection, a new style only the layers.
func TestRenderRedrawsOnlyWhatChanged(t *testing.T) {
	req := cityReq(2000, 300, 400, 300, 10)
	r := &renderer{}
	lamps, pipes := layerOf("lamps"), layerOf("sewer-pipes")
	f1 := r.render(context.Background(), req)
	if f1.layers[lamps] == nil || f1.layers[pipes] == nil || f1.layers[0] != nil || f1.sel != nil {
		t.Fatalf("first frame: %+v", f1)
	}
	if !drawn(f1.layers[lamps]) || !drawn(f1.layers[pipes]) {
		t.Fatal("layers left empty")
	}
	f2 := r.render(context.Background(), req)
	if f2.layers[lamps] != f1.layers[lamps] || f2.layers[pipes] != f1.layers[pipes] {
		t.Fatal("an unchanged request redrew layers")
	}
	req.sel, req.selGen = []featRef{{uint8(lamps), 0}}, 1
	f3 := r.render(context.Background(), req)
	if f3.layers[lamps] != f1.layers[lamps] || f3.sel == nil || !drawn(f3.sel) {
		t.Fatal("a selection change redrew the layers or drew no selection")
	}
	req.visible[pipes] = false
	f4 := r.render(context.Background(), req)
	if f4.layers[pipes] != nil || f4.layers[lamps] != f1.layers[lamps] || f4.sel != f3.sel {
		t.Fatal("hiding a layer redrew others")
	}
	req.style++
	f5 := r.render(context.Background(), req)
	if f5.layers[lamps] == f1.layers[lamps] || f5.sel != f3.sel {
		t.Fatal("a style change did not redraw the layer, or redrew the selection")
	}
	req.view = req.view.Pan(5, 0)
	if f6 := r.render(context.Background(), req); f6.layers[lamps] == f5.layers[lamps] || f6.sel == f3.sel {
		t.Fatal("a pan reused images of the old view")
	}
}

func drawn(img *image.RGBA) bool {
	for i := 3; i < len(img.Pix); i += 4 {
		if img.Pix[i] != 0 {
			return true
		}
	}
	return false
}

// TestBaseMapDrawsTilesWhereTheyBelong writes a one-level MBTiles file whose four
// tiles have four colours and checks each lands in its quarter of the world.
func TestBaseMapDrawsTilesWhereTheyBelong(t *testing.T) {
	path := filepath.Join(t.TempDir(), "base.mbtiles")
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)`); err != nil {
		t.Fatal(err)
	}
	colours := map[[2]int]color.NRGBA{ // XYZ x, y (y from the north)
		{0, 0}: {255, 0, 0, 255}, {1, 0}: {0, 255, 0, 255}, {0, 1}: {0, 0, 255, 255}, {1, 1}: {255, 255, 0, 255},
	}
	for xy, c := range colours {
		img := image.NewNRGBA(image.Rect(0, 0, 256, 256))
		for i := 0; i < len(img.Pix); i += 4 {
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
		}
		var buf bytes.Buffer
		png.Encode(&buf, img)
		if _, err := db.Exec(`INSERT INTO tiles VALUES (1, ?, ?, ?)`, xy[0], 1-xy[1], buf.Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	b, err := openBaseMap(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	// The whole world in 400×400 pixels.
	v := Fit(orb.Bound{Min: orb.Point{-worldHalf, -worldHalf}, Max: orb.Point{worldHalf, worldHalf}}, 400, 400, 0)
	img := b.render(v).img
	for _, tc := range []struct {
		x, y int
		want color.NRGBA
	}{{100, 100, colours[[2]int{0, 0}]}, {300, 100, colours[[2]int{1, 0}]}, {100, 300, colours[[2]int{0, 1}]}, {300, 300, colours[[2]int{1, 1}]}} {
		if got := color.NRGBAModel.Convert(img.At(tc.x, tc.y)).(color.NRGBA); got != tc.want {
			t.Errorf("pixel %d,%d is %v, want %v", tc.x, tc.y, got, tc.want)
		}
	}
	if _, err := openBaseMap(filepath.Join(t.TempDir(), "none.mbtiles")); err == nil {
		t.Error("a file without tiles opened")
	}
	vector := filepath.Join(t.TempDir(), "vector.mbtiles")
	db, _ = sql.Open("sqlite3", vector)
	db.Exec(`CREATE TABLE metadata (name TEXT, value TEXT)`)
	db.Exec(`INSERT INTO metadata VALUES ('format', 'pbf')`)
	db.Exec(`CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)`)
	db.Exec(`INSERT INTO tiles VALUES (0, 0, 0, x'00')`)
	db.Close()
	if _, err := openBaseMap(vector); err == nil {
		t.Error("a file of vector tiles opened")
	}
}
