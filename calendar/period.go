package calendar

import (
	"errors"
	"fmt"
	"strconv"
)

// ErrInvalidKind is wrapped by the errors of [ParseKind] and
// [Kind.UnmarshalText].
var ErrInvalidKind = errors.New("invalid period kind")

// Kind is the length of a fiscal period. It serialises as its name: "year",
// "half", "quarter" or "month".
type Kind int

// The kinds of period, from the longest.
const (
	Year Kind = iota + 1
	Half
	Quarter
	Month
)

// ParseKind returns the Kind named s: "year", "half", "quarter" or "month".
func ParseKind(s string) (Kind, error) {
	for k := Year; k <= Month; k++ {
		if s == k.String() {
			return k, nil
		}
	}
	return 0, fmt.Errorf("%w %q: want year, half, quarter or month", ErrInvalidKind, clip(s))
}

// String returns the name of k ("year", "half", "quarter", "month"), or
// Kind(n) for an unknown kind.
func (k Kind) String() string {
	switch k {
	case Year:
		return "year"
	case Half:
		return "half"
	case Quarter:
		return "quarter"
	case Month:
		return "month"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText implements [encoding.TextMarshaler]: the name of k. The zero
// Kind marshals as the empty string; an unknown kind is an error.
func (k Kind) MarshalText() ([]byte, error) {
	if k == 0 {
		return []byte{}, nil
	}
	if k.count() == 0 {
		return nil, fmt.Errorf("%w %d", ErrInvalidKind, int(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseKind]; the
// empty string is the zero Kind.
func (k *Kind) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*k = 0
		return nil
	}
	v, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// count returns the number of periods of kind k in a fiscal year, 0 for an
// unknown kind.
func (k Kind) count() int {
	switch k {
	case Year:
		return 1
	case Half:
		return 2
	case Quarter:
		return 4
	case Month:
		return 12
	}
	return 0
}

// Period is one fiscal period of a [Calendar]: a year, half, quarter or
// month, with its inclusive first and last days. A Period is a plain value:
// it carries its dates, so it can be used without the calendar that made it.
// Periods are made by a Calendar ([Calendar.Parse], [Calendar.PeriodOf],
// [Calendar.Periods] and the like); two periods of the same calendar are
// the same period exactly when they are ==.
type Period struct {
	// ID is the period's identifier, such as FY2027, FY2027-H2, FY2027-Q1
	// or FY2027-M03. It round-trips through [Calendar.Parse].
	ID   string `yaml:"id" json:"id"`
	Kind Kind   `yaml:"kind" json:"kind"`
	// FiscalYear is the number in the year's name (2027 in FY2027).
	FiscalYear int `yaml:"fiscal_year" json:"fiscal_year"`
	// Index is the position of the period in its fiscal year, from 1
	// (Q1 is 1, M03 is 3); 1 for a year.
	Index int `yaml:"index" json:"index"`
	// Start and End are the first and last days of the period, inclusive.
	Start Date `yaml:"start" json:"start"`
	End   Date `yaml:"end" json:"end"`
}

// Contains reports whether d falls inside p.
func (p Period) Contains(d Date) bool {
	return !d.Before(p.Start) && !d.After(p.End)
}

// ContainsPeriod reports whether q falls entirely inside p: a year contains
// its quarters and months, and every period contains itself.
func (p Period) ContainsPeriod(q Period) bool {
	return !q.Start.Before(p.Start) && !q.End.After(p.End)
}

// Range returns the days of p as a [Range].
func (p Period) Range() Range { return Range{From: p.Start, To: p.End} }

// Days returns the number of days in p.
func (p Period) Days() int { return p.Start.DaysUntil(p.End) + 1 }

// String returns p.ID.
func (p Period) String() string { return p.ID }
