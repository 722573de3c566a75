package mapview

import (
	"bytes"
	"database/sql"
	"image"
	_ "image/jpeg" // MBTiles raster tiles are PNG or JPEG
	_ "image/png"
	"math"
	"net/url"
	"os"
	"sync"

	_ "github.com/mattn/go-sqlite3" // MBTiles files are SQLite databases
	xdraw "golang.org/x/image/draw"

	"cityledger/domain"
)

// baseMap is an offline background from an MBTiles file the user supplies: raster
// tiles in a SQLite table, rows numbered from the south (TMS), in Web Mercator.
type baseMap struct {
	db      *sql.DB
	path    string
	minZoom int
	maxZoom int

	mu    sync.Mutex
	tiles map[tileKey]image.Image // decoded tiles, nil for a missing one
	order []tileKey
}

type tileKey struct{ z, x, y int }

const tileCacheSize = 256

// openBaseMap opens an MBTiles file read-only and finds its zoom range.
func openBaseMap(path string) (*baseMap, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, domain.FileError(path, err)
	}
	db, err := sql.Open("sqlite3", "file:"+url.PathEscape(path)+"?mode=ro&_query_only=1")
	if err != nil {
		return nil, domain.Internal("open base map", err)
	}
	b := &baseMap{db: db, path: path, tiles: map[tileKey]image.Image{}}
	var format string
	if err := db.QueryRow(`SELECT value FROM metadata WHERE name = 'format'`).Scan(&format); err == nil && format == "pbf" {
		db.Close()
		return nil, domain.Errorf(domain.KindInvalid, "map.err.mbtiles_vector", map[string]any{"Path": path})
	}
	var lo, hi sql.NullInt64
	if err := db.QueryRow(`SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles`).Scan(&lo, &hi); err != nil {
		db.Close()
		return nil, &domain.Error{Kind: domain.KindInvalid, Code: "map.err.mbtiles_not", Params: map[string]any{"Path": path}, Err: err}
	}
	if !lo.Valid {
		db.Close()
		return nil, domain.Errorf(domain.KindInvalid, "map.err.mbtiles_empty", map[string]any{"Path": path})
	}
	b.minZoom, b.maxZoom = int(lo.Int64), int(hi.Int64)
	return b, nil
}

func (b *baseMap) Close() error { return b.db.Close() }

// tile returns the decoded tile (z, x, y) in XYZ numbering, nil when absent or undecodable.
func (b *baseMap) tile(k tileKey) image.Image {
	b.mu.Lock()
	img, ok := b.tiles[k]
	b.mu.Unlock()
	if ok {
		return img
	}
	var data []byte
	tms := (1 << k.z) - 1 - k.y
	if err := b.db.QueryRow(`SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?`, k.z, k.x, tms).Scan(&data); err == nil {
		img, _, _ = image.Decode(bytes.NewReader(data))
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.tiles[k]; !ok {
		b.tiles[k] = img
		b.order = append(b.order, k)
		if len(b.order) > tileCacheSize {
			delete(b.tiles, b.order[0])
			b.order = b.order[1:]
		}
	}
	return img
}

type renderedBase struct {
	img *image.RGBA
}

// render draws the tiles under view v, at the zoom level whose pixels are closest to
// the view's (falling back to the file's nearest level).
func (b *baseMap) render(v View) *renderedBase {
	out := &renderedBase{img: image.NewRGBA(image.Rect(0, 0, v.W, v.H))}
	z := int(math.Round(math.Log2(2 * worldHalf / 256 / v.Res)))
	z = max(b.minZoom, min(b.maxZoom, z))
	n := 1 << z
	tileSize := 2 * worldHalf / float64(n) // metres
	vb := v.Bound()
	x0 := int(math.Floor((vb.Min[0] + worldHalf) / tileSize))
	x1 := int(math.Floor((vb.Max[0] + worldHalf) / tileSize))
	y0 := int(math.Floor((worldHalf - vb.Max[1]) / tileSize))
	y1 := int(math.Floor((worldHalf - vb.Min[1]) / tileSize))
	for ty := max(0, y0); ty <= min(n-1, y1); ty++ {
		for tx := max(0, x0); tx <= min(n-1, x1); tx++ {
			img := b.tile(tileKey{z, tx, ty})
			if img == nil {
				continue
			}
			left, top := v.ToScreen(orbPoint(float64(tx)*tileSize-worldHalf, worldHalf-float64(ty)*tileSize))
			right, bottom := v.ToScreen(orbPoint(float64(tx+1)*tileSize-worldHalf, worldHalf-float64(ty+1)*tileSize))
			dst := image.Rect(int(math.Floor(left)), int(math.Floor(top)), int(math.Ceil(right)), int(math.Ceil(bottom)))
			xdraw.ApproxBiLinear.Scale(out.img, dst, img, img.Bounds(), xdraw.Over, nil)
		}
	}
	return out
}
