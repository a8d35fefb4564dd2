package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// progress reports on standard error how a long run goes (bytes of the
// deals read, payees done, an estimate of the time left) when standard
// error is a terminal, and nothing otherwise: scripts and CI see no
// progress lines. It redraws one line, at most a few times a second.
type progress struct {
	w     io.Writer
	start time.Time

	mu        sync.Mutex
	last      time.Time
	computing time.Time // when the first statement was done
}

// newProgress returns the progress of a command, nil (which reports
// nothing) when standard error is not a terminal.
func newProgress(e *env) *progress {
	f, ok := e.stderr.(*os.File)
	if !ok {
		return nil
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return &progress{w: f, start: time.Now()}
}

// show redraws the progress line, unless it was drawn less than 200 ms
// ago and force is false.
func (p *progress) show(force bool, format string, args ...any) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if !force && now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last = now
	fmt.Fprintf(p.w, "\r\033[K"+format, args...)
}

// finish ends the progress line, if one was drawn: with the time taken
// when the command succeeded, cleared before its errors otherwise.
func (p *progress) finish(ok bool) {
	if p == nil || p.last.IsZero() {
		return
	}
	if ok {
		p.show(true, "done in %s\n", time.Since(p.start).Round(10*time.Millisecond))
	} else {
		p.show(true, "")
	}
}

// reader wraps r, of size bytes (0 when unknown), to show how much of
// name has been read.
func (p *progress) reader(name string, r io.Reader, size int64) io.Reader {
	if p == nil {
		return r
	}
	return &progressReader{p: p, name: name, r: r, size: size}
}

type progressReader struct {
	p    *progress
	name string
	r    io.Reader
	size int64
	n    int64
}

func (pr *progressReader) Read(b []byte) (int, error) {
	n, err := pr.r.Read(b)
	pr.n += int64(n)
	if pr.size > 0 {
		frac := float64(pr.n) / float64(pr.size) // a display figure, never money
		left := ""
		if el := time.Since(pr.p.start); frac > 0.02 {
			left = fmt.Sprintf(", about %s left", (time.Duration(float64(el)/frac) - el).Round(time.Second))
		}
		pr.p.show(err != nil, "reading %s: %d%% of %s%s", pr.name, int(frac*100), size(pr.size), left)
	} else {
		pr.p.show(err != nil, "reading %s: %s", pr.name, size(pr.n))
	}
	return n, err
}

func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// payees shows how many payees' statements are done, with an estimate of
// the time left; it is safe for concurrent use, as
// commission.WithProgress asks.
func (p *progress) payees(done, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	if p.computing.IsZero() {
		p.computing = time.Now()
	}
	since := time.Since(p.computing)
	p.mu.Unlock()
	left := ""
	if done > 0 && done < total {
		left = fmt.Sprintf(", about %s left", (since * time.Duration(total-done) / time.Duration(done)).Round(time.Second))
	}
	p.show(done == total, "statements: %d of %d payees%s", done, total, left)
}
