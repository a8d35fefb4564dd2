package commission

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/salesplan/salesplan/calendar"
)

// TestTermsOverlapAgrees: termsOverlap, by the terms' starts in order,
// finds an overlap exactly when two terms, compared pair by pair, are in
// force on one day, and the pair it names is one.
func TestTermsOverlapAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	day0 := calendar.MustParseDate("2026-01-01")
	both := func(a, b MemberTerms) bool {
		return (a.To.IsZero() || b.From.IsZero() || !b.From.After(a.To)) && (b.To.IsZero() || a.From.IsZero() || !a.From.After(b.To))
	}
	for n := range 20000 {
		ts := make([]MemberTerms, 1+rng.IntN(6))
		for i := range ts {
			from := rng.IntN(60)
			if rng.IntN(8) > 0 {
				ts[i].From = day0.AddDays(from)
			}
			if rng.IntN(8) > 0 {
				ts[i].To = day0.AddDays(from + rng.IntN(20))
			}
		}
		want := false
		for i := range ts {
			for j := i + 1; j < len(ts); j++ {
				want = want || both(ts[i], ts[j])
			}
		}
		i, j, got := termsOverlap(ts)
		if got != want || got && (i >= j || !both(ts[i], ts[j])) {
			t.Fatalf("case %d: %+v: termsOverlap = %d, %d, %v; want %v", n, ts, i, j, got, want)
		}
	}
}

// TestReadTermsCSVManyRows: a terms file of 50,000 rows of one payee,
// in any order, is read in about linear time (each row was checked
// against every earlier one with a pairwise check of them all: 2,000
// rows took 10 s), and an overlap among them is still found.
func TestReadTermsCSVManyRows(t *testing.T) {
	const n = 50_000
	day0 := calendar.MustParseDate("1900-01-01")
	rows := make([]string, n)
	for i := range rows {
		d := day0.AddDays(i)
		rows[i] = fmt.Sprintf("ana,%s,%s,200000,120000,,USD", d, d)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	rng.Shuffle(len(rows)/2, func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	src := "payee,from,to,ote,base,target_incentive,currency\n" + strings.Join(rows, "\n") + "\n"
	began := time.Now()
	f, err := ReadTermsCSV("terms.csv", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(began); took > 20*time.Second {
		t.Errorf("%d rows took %v", n, took)
	}
	if got := len(f.TermsOf("ana")); got != n {
		t.Errorf("%d terms of ana, want %d", got, n)
	}
	over := src + fmt.Sprintf("ana,%s,%s,1,1,,USD\n", day0.AddDays(n-2), day0.AddDays(n+5))
	_, err = ReadTermsCSV("terms.csv", strings.NewReader(over))
	if want := fmt.Sprintf("terms.csv:%d:1: payee ana: these terms overlap those of line %d", n+2, n); err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v, want %s", err, want)
	}
}
