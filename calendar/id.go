package calendar

import (
	"errors"
	"fmt"
	"strconv"
)

// ErrInvalidPeriod is wrapped by every error of [Calendar.Parse].
var ErrInvalidPeriod = errors.New("invalid period")

// Parse returns the period named id in c. A period identifier is one of
//
//	FY2027       the fiscal year 2027
//	FY2027-H1    its first half (H1 or H2)
//	FY2027-Q3    its third quarter (Q1 to Q4)
//	FY2027-M03   its third fiscal month (M01 to M12)
//
// with a four-digit year, 0001 to 9999, in exactly this form: Parse accepts
// no other spelling, so the ID of the period it returns is id. What dates
// the period has depends on c: FY2027-M01 is January 2027 in the calendar
// year, and February 2026 with StartMonth February and [NamingEnd].
//
// An error wraps [ErrInvalidPeriod] and says what is wrong:
//
//	invalid period "FY2027-Q5": a quarter is Q1 to Q4
func (c Calendar) Parse(id string) (Period, error) {
	kind, fy, index, err := parseID(id)
	if err != nil {
		return Period{}, err
	}
	return c.at(kind, fy, index), nil
}

// MustParse is like [Calendar.Parse] but panics on error. It is meant for
// constants in tests and examples, never for input.
func (c Calendar) MustParse(id string) Period {
	p, err := c.Parse(id)
	if err != nil {
		panic(err)
	}
	return p
}

func parseID(id string) (kind Kind, fy, index int, err error) {
	bad := func(reason string) (Kind, int, int, error) {
		return 0, 0, 0, fmt.Errorf("%w %q: %s", ErrInvalidPeriod, clip(id), reason)
	}
	const shape = "want FY<year>, FY<year>-H<n>, FY<year>-Q<n> or FY<year>-M<nn>"
	if len(id) < 6 || id[:2] != "FY" || !isDigits(id[2:6]) {
		return bad(shape)
	}
	fy, _ = strconv.Atoi(id[2:6])
	if fy == 0 {
		return bad("the year is 0001 to 9999")
	}
	if len(id) == 6 {
		return Year, fy, 1, nil
	}
	if len(id) < 8 || id[6] != '-' {
		return bad(shape)
	}
	n := id[8:]
	switch id[7] {
	case 'H':
		if len(n) != 1 || n[0] < '1' || n[0] > '2' {
			return bad("a half is H1 or H2")
		}
		return Half, fy, int(n[0] - '0'), nil
	case 'Q':
		if len(n) != 1 || n[0] < '1' || n[0] > '4' {
			return bad("a quarter is Q1 to Q4")
		}
		return Quarter, fy, int(n[0] - '0'), nil
	case 'M':
		m, _ := strconv.Atoi(n)
		if len(n) != 2 || !isDigits(n) || m < 1 || m > 12 {
			return bad("a month is M01 to M12")
		}
		return Month, fy, m, nil
	}
	return bad(shape)
}

// formatID returns the identifier of period index of the given kind in
// fiscal year fy.
func formatID(kind Kind, fy, index int) string {
	year := fmt.Sprintf("FY%04d", fy)
	switch kind {
	case Half:
		return year + "-H" + strconv.Itoa(index)
	case Quarter:
		return year + "-Q" + strconv.Itoa(index)
	case Month:
		return fmt.Sprintf("%s-M%02d", year, index)
	}
	return year
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// clip shortens s for an error message, so that a huge input does not make
// a huge error.
func clip(s string) string {
	const limit = 40
	if len(s) <= limit {
		return s
	}
	return s[:limit] + "..."
}
