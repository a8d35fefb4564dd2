package peerbench_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/internal/peerbench"
	"github.com/salesplan/salesplan/strategy"
)

// The peer benchmarks run the peer plan at 100,000 deals and 1,000 reps
// (and at 1,000,000 with SALESPLAN_PEER_1M=1), with the copy of gocalc
// in the same run:
//
//	go test -bench Peer -benchmem -run '^$' ./internal/peerbench
//
// Each salesplan sub-benchmark reports x-gocalc and x-gocalc-cpu, its
// wall-clock and CPU time over those of the gocalc sub-benchmark just
// before it in the same invocation, and per rep credit (PLAN.md §3: one
// per deal, two for a split deal) its time, CPU time and allocations.

// peerData is one generated data set, read both ways.
type peerData struct {
	name       string
	payeesCSV  []byte // the peer's files
	dealsCSV   []byte
	gcPayees   []Payee // parsed by gocalc
	gcDeals    []Deal
	run        *peerRun // converted and parsed by salesplan
	repCredits int
}

// peerSets holds the data sets made so far; benchmarks run one at a time.
var peerSets = map[int]*peerData{}

// peerSizes are the sizes the benchmarks run at.
func peerSizes() []int {
	if os.Getenv("SALESPLAN_PEER_1M") != "" {
		return []int{100_000, 1_000_000}
	}
	return []int{100_000}
}

// peerSet returns the data set of n deals and 1,000 reps, made once per
// process.
func peerSet(b *testing.B, n int) *peerData {
	if d, ok := peerSets[n]; ok {
		return d
	}
	d := &peerData{name: fmt.Sprintf("%dk", n/1_000)}
	if n%1_000_000 == 0 {
		d.name = fmt.Sprintf("%dM", n/1_000_000)
	}
	d.payeesCSV, d.dealsCSV = genPeer(n, 1_000, 1)
	var err error
	if d.gcPayees, err = readPayees("payees.csv", bytes.NewReader(d.payeesCSV)); err != nil {
		b.Fatal(err)
	}
	if d.gcDeals, err = readDeals("deals.csv", bytes.NewReader(d.dealsCSV)); err != nil {
		b.Fatal(err)
	}
	for _, dl := range d.gcDeals {
		d.repCredits++
		if dl.SplitWith != 0 {
			d.repCredits++
		}
	}
	d.run = convert(b, d.payeesCSV, d.dealsCSV)
	peerSets[n] = d
	runtime.GC()
	return d
}

// meter reports a sub-benchmark's figures per rep credit and against the
// baseline run just before it.
type meter struct {
	b       *testing.B
	credits int
	before  runtime.MemStats
	cpu     time.Duration
}

// cost is a sub-benchmark's time per op: wall-clock, and the process's
// user + system CPU time (all threads, so the garbage collector's work
// on the other core counts too). On a machine shared with other work the
// CPU time of a one-worker run is the steadier figure.
type cost struct{ wall, cpu time.Duration }

func startMeter(b *testing.B, credits int) *meter {
	m := &meter{b: b, credits: credits}
	b.ReportAllocs()
	runtime.ReadMemStats(&m.before)
	m.cpu = cpuTime()
	b.ResetTimer()
	return m
}

// stop reports ns/credit, cpu-ns/credit and allocs/credit, and x-gocalc
// and x-gocalc-cpu (the ratios of wall and CPU time per op) when base is
// known; it returns the cost per op.
func (m *meter) stop(base cost) cost {
	m.b.StopTimer()
	cpu := cpuTime() - m.cpu
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	n := time.Duration(m.b.N)
	c := cost{wall: m.b.Elapsed() / n, cpu: cpu / n}
	credits := float64(m.credits)
	m.b.ReportMetric(float64(after.Mallocs-m.before.Mallocs)/float64(m.b.N)/credits, "allocs/credit")
	m.b.ReportMetric(float64(c.wall.Nanoseconds())/credits, "ns/credit")
	m.b.ReportMetric(float64(c.cpu.Nanoseconds())/credits, "cpu-ns/credit")
	if base.wall > 0 && base.cpu > 0 {
		m.b.ReportMetric(float64(c.wall)/float64(base.wall), "x-gocalc")
		m.b.ReportMetric(float64(c.cpu)/float64(base.cpu), "x-gocalc-cpu")
	}
	return c
}

// cpuTime is the user + system CPU time used so far by the process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPeerCalc is the calculation: from parsed deals to the payout
// lines and per-payee totals in memory. gocalc is the copy of its
// Calculate; salesplan is Strategy.Run with explanations (explained) and
// without (bulk), on one worker and on two.
func BenchmarkPeerCalc(b *testing.B) {
	for _, n := range peerSizes() {
		d := peerSet(b, n)
		var base cost
		b.Run(d.name+"/gocalc", func(b *testing.B) {
			m := startMeter(b, d.repCredits)
			for b.Loop() {
				if _, _, err := Calculate(d.gcPayees, d.gcDeals); err != nil {
					b.Fatal(err)
				}
			}
			base = m.stop(cost{})
		})
		for _, mode := range []struct {
			name string
			opts []commission.RunOption
		}{
			{"explained/workers=1", []commission.RunOption{commission.WithWorkers(1)}},
			{"explained/workers=2", []commission.RunOption{commission.WithWorkers(2)}},
			{"bulk/workers=1", []commission.RunOption{commission.WithoutExplanations(), commission.WithWorkers(1)}},
			{"bulk/workers=2", []commission.RunOption{commission.WithoutExplanations(), commission.WithWorkers(2)}},
		} {
			b.Run(d.name+"/"+mode.name, func(b *testing.B) {
				m := startMeter(b, d.repCredits)
				for b.Loop() {
					if _, err := d.run.s.Run(peerbench.PeriodID, d.run.deals, mode.opts...); err != nil {
						b.Fatal(err)
					}
				}
				m.stop(base)
			})
		}
	}
}

// BenchmarkPeerParse is reading the deals file into deals: gocalc's
// readDeals of the peer's deals.csv, and salesplan's deal.ReadCSV of the
// converted file (the same deals, with a currency column and splits
// written owner:0.6;partner:0.4).
func BenchmarkPeerParse(b *testing.B) {
	for _, n := range peerSizes() {
		d := peerSet(b, n)
		var base cost
		b.Run(d.name+"/gocalc", func(b *testing.B) {
			m := startMeter(b, d.repCredits)
			b.SetBytes(int64(len(d.dealsCSV)))
			for b.Loop() {
				if _, err := readDeals("deals.csv", bytes.NewReader(d.dealsCSV)); err != nil {
					b.Fatal(err)
				}
			}
			base = m.stop(cost{})
		})
		b.Run(d.name+"/salesplan", func(b *testing.B) {
			m := startMeter(b, d.repCredits)
			b.SetBytes(int64(len(d.run.dealsCSV)))
			schema := d.run.s.Schema()
			for b.Loop() {
				if _, err := deal.ReadCSV("deals.csv", bytes.NewReader(d.run.dealsCSV), schema); err != nil {
					b.Fatal(err)
				}
			}
			m.stop(base)
		})
	}
}

// BenchmarkPeerWrite is writing the results: gocalc's writeOutputs of
// lines.csv and totals.csv (sorting the lines first), and
// commission.Result.WriteCSV of the statements, which `salesplan run
// --format csv` writes.
func BenchmarkPeerWrite(b *testing.B) {
	for _, n := range peerSizes() {
		d := peerSet(b, n)
		var base cost
		b.Run(d.name+"/gocalc", func(b *testing.B) {
			lines, totals, err := Calculate(d.gcPayees, d.gcDeals)
			if err != nil {
				b.Fatal(err)
			}
			m := startMeter(b, d.repCredits)
			for b.Loop() {
				if err := writeOutputs(io.Discard, io.Discard, lines, totals); err != nil {
					b.Fatal(err)
				}
			}
			base = m.stop(cost{})
		})
		b.Run(d.name+"/salesplan", func(b *testing.B) {
			res, err := d.run.s.Run(peerbench.PeriodID, d.run.deals, commission.WithoutExplanations())
			if err != nil {
				b.Fatal(err)
			}
			m := startMeter(b, d.repCredits)
			for b.Loop() {
				if err := res.WriteCSV(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
			m.stop(base)
		})
	}
}

// BenchmarkPeerEndToEnd is the whole job in one process, files in memory:
// gocalc parses both files, calculates and writes lines.csv and
// totals.csv; salesplan parses the strategy document and the deals file,
// runs the period without explanations and writes its CSV, as `salesplan
// run --format csv` does. scripts/peer-bench.sh times the real processes.
func BenchmarkPeerEndToEnd(b *testing.B) {
	for _, n := range peerSizes() {
		d := peerSet(b, n)
		var base cost
		b.Run(d.name+"/gocalc", func(b *testing.B) {
			var ph phases
			m := startMeter(b, d.repCredits)
			for b.Loop() {
				ph.start()
				payees, err := readPayees("payees.csv", bytes.NewReader(d.payeesCSV))
				if err != nil {
					b.Fatal(err)
				}
				deals, err := readDeals("deals.csv", bytes.NewReader(d.dealsCSV))
				if err != nil {
					b.Fatal(err)
				}
				ph.mark(phaseRead)
				lines, totals, err := Calculate(payees, deals)
				if err != nil {
					b.Fatal(err)
				}
				ph.mark(phaseRun)
				if err := writeOutputs(io.Discard, io.Discard, lines, totals); err != nil {
					b.Fatal(err)
				}
				ph.mark(phaseWrite)
			}
			base = m.stop(cost{})
			ph.report(b)
		})
		b.Run(d.name+"/salesplan", func(b *testing.B) {
			var ph phases
			m := startMeter(b, d.repCredits)
			for b.Loop() {
				ph.start()
				s, err := strategy.Parse("strategy.yaml", d.run.strategy)
				if err != nil {
					b.Fatal(err)
				}
				deals, err := deal.ReadCSV("deals.csv", bytes.NewReader(d.run.dealsCSV), s.Schema())
				if err != nil {
					b.Fatal(err)
				}
				ph.mark(phaseRead)
				res, err := s.Run(peerbench.PeriodID, deals, commission.WithoutExplanations())
				if err != nil {
					b.Fatal(err)
				}
				ph.mark(phaseRun)
				if err := res.WriteCSV(io.Discard); err != nil {
					b.Fatal(err)
				}
				ph.mark(phaseWrite)
			}
			m.stop(base)
			ph.report(b)
		})
	}
}

// The phases of an end-to-end run: reading the inputs (for salesplan,
// the strategy document too), the calculation, writing the outputs.
const (
	phaseRead = iota
	phaseRun
	phaseWrite
	nPhases
)

// phases sums the CPU time of each phase of a run over the runs of a
// benchmark. The garbage collector's work on the other core counts in
// the phase it runs in, which need not be the one that made the garbage.
type phases struct {
	at  time.Duration
	cpu [nPhases]time.Duration
	n   int
}

func (p *phases) start() { p.at = cpuTime(); p.n++ }

func (p *phases) mark(phase int) {
	now := cpuTime()
	p.cpu[phase] += now - p.at
	p.at = now
}

// report reports each phase's CPU milliseconds per run.
func (p *phases) report(b *testing.B) {
	if p.n == 0 {
		return
	}
	for i, name := range [nPhases]string{"read-cpu-ms", "run-cpu-ms", "write-cpu-ms"} {
		b.ReportMetric(float64(p.cpu[i].Microseconds())/1e3/float64(p.n), name)
	}
}
