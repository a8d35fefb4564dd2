package calendar

// Range is an inclusive range of days, from From to To. A zero From means
// "since forever" and a zero To "open-ended", so the zero Range holds every
// day. A Range whose From is after its To is empty. It is the shape of an
// effective-dated assignment: a member in a team, a quota, a plan.
type Range struct {
	From Date `yaml:"from,omitempty" json:"from,omitzero"`
	To   Date `yaml:"to,omitempty" json:"to,omitzero"`
}

// Contains reports whether d falls inside r.
func (r Range) Contains(d Date) bool {
	return (r.From.IsZero() || !d.Before(r.From)) && (r.To.IsZero() || !d.After(r.To))
}

// Empty reports whether r holds no day: both ends are set and From is after
// To.
func (r Range) Empty() bool {
	return !r.From.IsZero() && !r.To.IsZero() && r.From.After(r.To)
}

// Intersect returns the days that r and s have in common, and whether
// there are any. When there are none the Range returned is empty.
func (r Range) Intersect(s Range) (Range, bool) {
	out := r
	if out.From.IsZero() || (!s.From.IsZero() && s.From.After(out.From)) {
		out.From = s.From
	}
	if out.To.IsZero() || (!s.To.IsZero() && s.To.Before(out.To)) {
		out.To = s.To
	}
	return out, !out.Empty()
}

// OverlapDays returns the number of days of p inside the inclusive range
// from..to, where a zero from means "since forever" and a zero to
// "open-ended". It is the numerator of a proration by days, p.Days() the
// denominator: a member in place from 2026-06-01 overlaps the calendar
// quarter 2026-04-01..2026-06-30 in 30 of its 91 days. It returns 0 for the
// zero Period.
func OverlapDays(p Period, from, to Date) int {
	if p.Start.IsZero() || p.End.IsZero() {
		return 0
	}
	r, ok := p.Range().Intersect(Range{From: from, To: to})
	if !ok {
		return 0
	}
	return r.From.DaysUntil(r.To) + 1
}

// OverlapMonths returns the number of fiscal months of p (a period of c)
// that the inclusive range from..to covers, where a zero from means "since
// forever" and a zero to "open-ended". It is the numerator of a proration by
// whole months, [Calendar.MonthsIn] the denominator.
//
// The rule is the one sales operations use: a fiscal month counts when the
// range contains the month's first day. A member who starts on 1 June counts
// June; one who starts on 2 June does not, and starts counting in July. A
// member who leaves on 15 June counts June, since they were in place on
// 1 June; one who leaves on 31 May does not. So in the calendar year, a
// member starting 2026-06-01 has 1 month of 3 in FY2026-Q2 and 3 of 3 in
// FY2026-Q3; one starting 2026-06-02 has none in FY2026-Q2. The months of a
// week-based calendar are its 4- and 5-week fiscal months.
func OverlapMonths(c Calendar, p Period, from, to Date) int {
	r := Range{From: from, To: to}
	n := 0
	for _, m := range c.Sub(p, Month) {
		if r.Contains(m.Start) {
			n++
		}
	}
	return n
}
