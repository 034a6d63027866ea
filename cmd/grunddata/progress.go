package main

import (
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"
)

// progress prints how far a long job is, at most a few times a second: a bar on a terminal, plain
// lines otherwise (logs, CI).
type progress struct {
	w        io.Writer
	name     string
	size     int64
	read     atomic.Int64
	loaded   atomic.Int64
	start    time.Time
	last     time.Time
	terminal bool
}

func newProgress(w io.Writer, name string, size int64) *progress {
	p := &progress{w: w, name: name, size: size, start: time.Now()}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.terminal = true
		}
	}
	return p
}

type countingReader struct {
	r io.Reader
	p *progress
}

func (c countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.p.read.Add(int64(n))
	return n, err
}

func (p *progress) reader(r io.Reader) io.Reader { return countingReader{r: r, p: p} }

// quads is the loader's progress callback.
func (p *progress) quads(n int) {
	p.loaded.Store(int64(n))
	if time.Since(p.last) < 250*time.Millisecond && p.terminal || time.Since(p.last) < 5*time.Second && !p.terminal {
		return
	}
	p.last = time.Now()
	p.print("")
}

func (p *progress) print(end string) {
	elapsed := time.Since(p.start).Seconds()
	rate := float64(p.loaded.Load()) / max(elapsed, 1e-9)
	pct := ""
	if p.size > 0 {
		frac := float64(p.read.Load()) / float64(p.size)
		const width = 30
		filled := int(frac * width)
		bar := make([]byte, width)
		for i := range bar {
			bar[i] = '.'
			if i < filled {
				bar[i] = '#'
			}
		}
		pct = fmt.Sprintf("[%s] %3.0f%% ", bar, frac*100)
	}
	if p.terminal {
		fmt.Fprintf(p.w, "\r%s %s%d quads, %.0f quads/s%s", p.name, pct, p.loaded.Load(), rate, end)
	} else {
		fmt.Fprintf(p.w, "%s %s%d quads, %.0f quads/s\n", p.name, pct, p.loaded.Load(), rate)
	}
}

func (p *progress) done() {
	if p.terminal {
		p.print("\n")
	}
}
