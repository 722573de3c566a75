package widgets

import (
	"context"

	"cityledger/gui"
)

// Pager is the page cache behind a virtualized table: the table asks for row i, the
// pager answers from a cached page or starts loading that page in the background and
// answers "not yet". Only the pages near what is on screen are kept, so a register of a
// hundred thousand rows costs a few pages of memory. All methods run on the UI goroutine;
// loads run through load (Env.Load), which applies results back on the UI goroutine.
type Pager[T any] struct {
	size     int
	maxPages int
	pages    map[int][]T
	pending  map[int]bool
	recent   []int // pages by last use, most recent last
	gen      int
	ctx      context.Context // of the current query's loads
	loads    gui.Restarter

	fetch  func(ctx context.Context, offset, limit int) ([]T, error)
	load   func(ctx context.Context, fn func(ctx context.Context) (func(), error))
	onPage func(page int, rows []T)
}

// NewPager makes a page cache of pages of size rows, keeping maxPages of them. load runs
// the fetches (Env.Load); onPage is told each page applied.
func NewPager[T any](size, maxPages int,
	load func(ctx context.Context, fn func(ctx context.Context) (func(), error)),
	onPage func(page int, rows []T)) *Pager[T] {
	return &Pager[T]{size: size, maxPages: maxPages, load: load, onPage: onPage,
		pages: map[int][]T{}, pending: map[int]bool{}}
}

// Reset drops every cached page and cancels loads in flight: the query changed.
func (p *Pager[T]) Reset(fetch func(ctx context.Context, offset, limit int) ([]T, error)) {
	p.ctx = p.loads.Restart()
	p.gen++
	p.fetch = fetch
	p.pages = map[int][]T{}
	p.pending = map[int]bool{}
	p.recent = nil
}

// Get returns row i when its page is cached; otherwise it starts loading the page.
func (p *Pager[T]) Get(i int) (T, bool) {
	var zero T
	if i < 0 || p.fetch == nil {
		return zero, false
	}
	page := i / p.size
	rows, ok := p.pages[page]
	if !ok {
		p.Prefetch(page)
		return zero, false
	}
	p.touch(page)
	if j := i % p.size; j < len(rows) {
		return rows[j], true
	}
	return zero, false
}

// Prefetch starts loading page unless it is cached or already coming.
func (p *Pager[T]) Prefetch(page int) {
	if p.fetch == nil || p.pending[page] {
		return
	}
	if _, ok := p.pages[page]; ok {
		return
	}
	p.pending[page] = true
	gen, fetch, size := p.gen, p.fetch, p.size
	p.load(p.ctx, func(ctx context.Context) (func(), error) {
		rows, err := fetch(ctx, page*size, size)
		if err != nil {
			return nil, err
		}
		return func() {
			if gen != p.gen {
				return
			}
			delete(p.pending, page)
			p.pages[page] = rows
			p.touch(page)
			p.evict()
			if p.onPage != nil {
				p.onPage(page, rows)
			}
		}, nil
	})
}

func (p *Pager[T]) touch(page int) {
	for i, q := range p.recent {
		if q == page {
			if i == len(p.recent)-1 {
				return
			}
			p.recent = append(p.recent[:i], p.recent[i+1:]...)
			break
		}
	}
	p.recent = append(p.recent, page)
}

func (p *Pager[T]) evict() {
	for len(p.recent) > p.maxPages {
		delete(p.pages, p.recent[0])
		p.recent = p.recent[1:]
	}
}

// Forget drops a cached page, so the next Get loads it again (benchmarks of deep pages).
func (p *Pager[T]) Forget(page int) { delete(p.pages, page) }

// Cached lists the rows of every cached page (tests and "select all on screen").
func (p *Pager[T]) Cached() []T {
	var out []T
	for _, pg := range p.recent {
		out = append(out, p.pages[pg]...)
	}
	return out
}
