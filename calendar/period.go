package calendar

// Kind is the length of a fiscal period.
type Kind int

// The kinds of period, from the longest.
const (
	Year Kind = iota + 1
	Half
	Quarter
	Month
)

// Period is one fiscal period of a [Calendar]: a year, half, quarter or
// month, with its inclusive first and last days. A Period is a plain value:
// it carries its dates, so it can be used without the calendar that made it.
type Period struct {
	// ID is the period's identifier, such as FY2027, FY2027-H2, FY2027-Q1
	// or FY2027-M03. It round-trips through [Calendar.Parse].
	ID   string
	Kind Kind
	// FiscalYear is the number in the year's name (2027 in FY2027).
	FiscalYear int
	// Index is the position of the period in its fiscal year, from 1
	// (Q1 is 1, M03 is 3); 1 for a year.
	Index int
	// Start and End are the first and last days of the period, inclusive.
	Start, End Date
}

// Contains reports whether d falls inside p.
func (p Period) Contains(d Date) bool {
	return !d.Before(p.Start) && !d.After(p.End)
}

// Days returns the number of days in p.
func (p Period) Days() int { return p.Start.DaysUntil(p.End) + 1 }

// String returns p.ID.
func (p Period) String() string { return p.ID }
