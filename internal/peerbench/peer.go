package peerbench

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Payee is one row of payees.csv (PLAN.md §1). Quota and TI are kept as
// written (2-decimal text), so that the strategy document carries them
// exactly.
type Payee struct {
	ID        int
	Team      int
	ManagerID int // 0: none, i.e. the payee is a manager
	Quota     string
	TI        string // target incentive
}

// IsRep reports whether p is a rep (has a manager).
func (p Payee) IsRep() bool { return p.ManagerID != 0 }

// Deal is one row of deals.csv (PLAN.md §1), its fields as written.
type Deal struct {
	ID        int64
	CloseDate string // YYYY-MM-DD
	Owner     int
	Amount    string
	Term      int
	NewLogo   bool
	Product   string
	SplitWith int // 0: no split
}

const (
	payeesHeader = "id,team,manager_id,quota,target_incentive"
	dealsHeader  = "id,close_date,owner,amount,term_months,is_new_logo,product,split_with"
)

// ReadPayees reads payees.csv. It checks what PLAN.md §1 requires: unique
// positive ids, a manager_id that names a manager, a rep quota above 0,
// decimal quotas and target incentives.
func ReadPayees(r io.Reader) ([]Payee, error) {
	var out []Payee
	err := readCSV(r, "payees.csv", payeesHeader, 5, func(line int, rec []string) error {
		var p Payee
		var err error
		if p.ID, err = positive(rec[0]); err != nil {
			return fmt.Errorf("id: %w", err)
		}
		if p.Team, err = strconv.Atoi(rec[1]); err != nil {
			return fmt.Errorf("team: %w", err)
		}
		if rec[2] != "" {
			if p.ManagerID, err = positive(rec[2]); err != nil {
				return fmt.Errorf("manager_id: %w", err)
			}
		}
		for _, f := range []struct {
			name string
			v    string
		}{{"quota", rec[3]}, {"target_incentive", rec[4]}} {
			if _, err := decimal.NewFromString(f.v); err != nil || strings.ContainsAny(f.v, "eE") {
				return fmt.Errorf("%s: %q is not a decimal", f.name, f.v)
			}
		}
		p.Quota, p.TI = rec[3], rec[4]
		if p.IsRep() && decimal.RequireFromString(p.Quota).Sign() <= 0 {
			return fmt.Errorf("rep %d has a quota of %s: want above 0", p.ID, p.Quota)
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	byID := make(map[int]Payee, len(out))
	for _, p := range out {
		if _, dup := byID[p.ID]; dup {
			return nil, fmt.Errorf("payees.csv: payee %d is given twice", p.ID)
		}
		byID[p.ID] = p
	}
	for _, p := range out {
		if !p.IsRep() {
			continue
		}
		if m, ok := byID[p.ManagerID]; !ok || m.IsRep() {
			return nil, fmt.Errorf("payees.csv: rep %d: manager_id %d is not a manager", p.ID, p.ManagerID)
		}
	}
	return out, nil
}

// ReadDeals reads deals.csv. It checks the form of each field; whether
// owners and split partners are reps is checked by [WriteDeals], which
// has the payees.
func ReadDeals(r io.Reader) ([]Deal, error) {
	out := make([]Deal, 0, 1024)
	err := readCSV(r, "deals.csv", dealsHeader, 8, func(line int, rec []string) error {
		var d Deal
		var err error
		if d.ID, err = strconv.ParseInt(rec[0], 10, 64); err != nil || d.ID <= 0 {
			return fmt.Errorf("id: %q is not a positive integer", rec[0])
		}
		if len(rec[1]) != len("2006-01-02") {
			return fmt.Errorf("close_date: %q is not YYYY-MM-DD", rec[1])
		}
		d.CloseDate = rec[1]
		if d.Owner, err = positive(rec[2]); err != nil {
			return fmt.Errorf("owner: %w", err)
		}
		if a, err := decimal.NewFromString(rec[3]); err != nil || a.IsZero() || strings.ContainsAny(rec[3], "eE") {
			return fmt.Errorf("amount: %q is not a non-zero decimal", rec[3])
		}
		d.Amount = rec[3]
		if d.Term, err = strconv.Atoi(rec[4]); err != nil {
			return fmt.Errorf("term_months: %w", err)
		}
		switch rec[5] {
		case "true":
			d.NewLogo = true
		case "false":
		default:
			return fmt.Errorf("is_new_logo: %q is not true or false", rec[5])
		}
		d.Product = intern(rec[6])
		if rec[7] != "" {
			if d.SplitWith, err = positive(rec[7]); err != nil {
				return fmt.Errorf("split_with: %w", err)
			}
		}
		out = append(out, d)
		return nil
	})
	return out, err
}

// intern returns the products of PLAN.md as constants, so that a Deal
// does not keep its CSV record alive.
func intern(s string) string {
	switch s {
	case "core":
		return "core"
	case "analytics":
		return "analytics"
	case "platform":
		return "platform"
	}
	return strings.Clone(s)
}

func positive(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a positive integer", s)
	}
	return n, nil
}

// readCSV reads a CSV file with the given header, calling row for each
// record; an error names the file and the line.
func readCSV(r io.Reader, file, header string, fields int, row func(line int, rec []string) error) error {
	cr := csv.NewReader(bufio.NewReaderSize(r, 1<<20))
	cr.ReuseRecord = true
	cr.FieldsPerRecord = fields
	h, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if got := strings.Join(h, ","); got != header {
		return fmt.Errorf("%s: header %s, want %s", file, got, header)
	}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		if err := row(line, rec); err != nil {
			return fmt.Errorf("%s line %d: %w", file, line, err)
		}
	}
}
