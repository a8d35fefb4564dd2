// Command peerconv converts between the peer benchmark's files
// (../shared/peer-plan/PLAN.md) and salesplan's, for
// scripts/peer-bench.sh:
//
//	peerconv convert -data DIR -out DIR
//	    reads DIR/payees.csv and DIR/deals.csv, writes OUT/strategy.yaml
//	    (the peer plan with the payees) and OUT/deals.csv (salesplan's
//	    deals file)
//	peerconv lines -payees FILE -in FILE -out DIR
//	    reads the CSV of `salesplan run --format csv` and writes DIR/lines.csv
//	    and DIR/totals.csv in PLAN.md's format
//
// Exit status 1 on bad input, 2 on bad usage.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/salesplan/salesplan/internal/peerbench"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	fs := flag.NewFlagSet("peerconv "+os.Args[1], flag.ExitOnError)
	data := fs.String("data", "", "folder with the peer's payees.csv and deals.csv")
	payees := fs.String("payees", "", "the peer's payees.csv")
	in := fs.String("in", "", "input file or folder")
	out := fs.String("out", "", "output folder")
	fs.Parse(os.Args[2:])
	var err error
	switch os.Args[1] {
	case "convert":
		err = convert(*data, *out)
	case "lines":
		err = lines(*payees, *in, *out)
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "peerconv:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: peerconv convert -data DIR -out DIR | lines -payees FILE -in FILE -out DIR")
	os.Exit(2)
}

func readPayees(path string) ([]peerbench.Payee, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return peerbench.ReadPayees(f)
}

func convert(data, out string) error {
	payees, err := readPayees(filepath.Join(data, "payees.csv"))
	if err != nil {
		return err
	}
	f, err := os.Open(filepath.Join(data, "deals.csv"))
	if err != nil {
		return err
	}
	deals, err := peerbench.ReadDeals(f)
	f.Close()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(out, "strategy.yaml"), func(w io.Writer) error {
		return peerbench.WriteStrategy(w, peerbench.Template, payees)
	}); err != nil {
		return err
	}
	return writeFile(filepath.Join(out, "deals.csv"), func(w io.Writer) error {
		return peerbench.WriteDeals(w, deals, payees)
	})
}

func lines(payeesFile, in, out string) error {
	payees, err := readPayees(payeesFile)
	if err != nil {
		return err
	}
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	ls, ts, err := peerbench.FromCSV(f, payees)
	if err != nil {
		return err
	}
	return writeBoth(out, ls, ts)
}

func writeBoth(dir string, ls []peerbench.Line, ts []peerbench.Total) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "lines.csv"), func(w io.Writer) error { return peerbench.WriteLines(w, ls) }); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, "totals.csv"), func(w io.Writer) error { return peerbench.WriteTotals(w, ts) })
}

// writeFile writes a file whole or not at all: to a temporary file in the
// same folder, renamed into place when fill succeeds.
func writeFile(path string, fill func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := fill(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
