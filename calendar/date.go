package calendar

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a civil calendar date: a year, a month and a day, with no time of
// day and no time zone. The zero value is not a valid date; [Date.IsZero]
// reports it, and it is what an absent optional date decodes to.
//
// Dates compare with [Date.Compare], [Date.Before] and [Date.After]; two
// dates are the same day exactly when they are ==.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date y-m-d. It does not normalise: NewDate(2026, 2, 30)
// is not a valid date, and [Date.Valid] reports false for it.
func NewDate(y int, m time.Month, d int) Date { return Date{Year: y, Month: m, Day: d} }

// ParseDate parses an ISO 8601 calendar date, YYYY-MM-DD. It rejects any other
// form, and dates that do not exist (2026-02-29).
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	y, err1 := strconv.Atoi(s[0:4])
	m, err2 := strconv.Atoi(s[5:7])
	d, err3 := strconv.Atoi(s[8:10])
	if err1 != nil || err2 != nil || err3 != nil || s[0] == '+' || s[0] == '-' || s[5] == '+' || s[8] == '+' {
		return Date{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	dt := Date{Year: y, Month: time.Month(m), Day: d}
	if !dt.Valid() {
		return Date{}, fmt.Errorf("invalid date %q: no such day", s)
	}
	return dt, nil
}

// MustParseDate is like [ParseDate] but panics on error. It is meant for
// constants in tests and examples, never for input.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the civil date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// Valid reports whether d is a real calendar day between years 1 and 9999.
func (d Date) Valid() bool {
	if d.Year < 1 || d.Year > 9999 || d.Month < 1 || d.Month > 12 || d.Day < 1 {
		return false
	}
	return d.Day <= DaysIn(d.Year, d.Month)
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d == Date{} }

// String returns d as YYYY-MM-DD.
func (d Date) String() string {
	if d.Year >= 0 && d.Year <= 9999 && d.Month >= 0 && d.Month <= 99 && d.Day >= 0 && d.Day <= 99 {
		var b [10]byte
		put := func(i, v, n int) {
			for j := n - 1; j >= 0; j-- {
				b[i+j] = byte('0' + v%10)
				v /= 10
			}
		}
		put(0, d.Year, 4)
		b[4] = '-'
		put(5, int(d.Month), 2)
		b[7] = '-'
		put(8, d.Day, 2)
		return string(b[:])
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// time returns midnight UTC of d, the one place dates meet time.Time.
func (d Date) time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// Days returns d as a day number: the count of days since 1970-01-01, which
// is day 0. Dates before it have negative numbers.
func (d Date) Days() int {
	return int(d.time().Unix() / 86400)
}

// FromDays is the inverse of [Date.Days].
func FromDays(n int) Date {
	return DateOf(time.Unix(int64(n)*86400, 0).UTC())
}

// AddDays returns the date n days after d (before it when n < 0).
func (d Date) AddDays(n int) Date { return FromDays(d.Days() + n) }

// AddMonths returns the date n months after d, with the day clamped to the
// end of the month reached: 2026-01-31 plus one month is 2026-02-28.
func (d Date) AddMonths(n int) Date {
	m := int(d.Month) - 1 + n
	y := d.Year + floorDiv(m, 12)
	mon := time.Month(m - floorDiv(m, 12)*12 + 1)
	day := min(d.Day, DaysIn(y, mon))
	return Date{Year: y, Month: mon, Day: day}
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.time().Weekday() }

// Compare returns -1 if d is before e, 0 if they are the same day, +1 if d
// is after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// DaysUntil returns the number of days from d to e: e.Days() - d.Days().
func (d Date) DaysUntil(e Date) int { return e.Days() - d.Days() }

// MarshalText implements [encoding.TextMarshaler]: YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseDate].
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// DaysIn returns the number of days in month m of year y.
func DaysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if IsLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// IsLeap reports whether y is a leap year of the Gregorian calendar.
func IsLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
