package commission

import (
	"slices"
	"strings"
	"testing"

	"github.com/salesplan/salesplan/calendar"
)

// FuzzReadTermsCSV checks that any terms file is read or refused with an
// error, never a panic, and that terms read resolve and do not overlap.
func FuzzReadTermsCSV(f *testing.F) {
	f.Add("payee,from,to,ote,base,target_incentive,currency\nana,2026-01-01,,240000,120000,,USD\n")
	f.Add("payee,from,to,ote,base,target_incentive,currency\nana,2026-01-01,2026-06-30,200000,120000,,USD\nana,2026-03-01,,1e9,120000,,USD\n")
	f.Add("\ufeffpayee,from,to,ote,base,target_incentive,currency\nana,2026-01-01,,,,50000,EUR\n")
	f.Add("payee,from\n\"ana\n")
	f.Fuzz(func(t *testing.T, src string) {
		tm, err := ReadTermsCSV("terms.csv", strings.NewReader(src))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an empty error")
			}
			return
		}
		for _, r := range tm.TermRows() {
			if !slices.Contains(tm.TermsOf(r.Payee), r.Terms) || r.Pos.Line < 2 {
				t.Fatalf("row %+v is not among the terms read", r)
			}
		}
		if err := tm.Map().Check(); err != nil {
			t.Fatalf("terms read without error fail their check: %v", err)
		}
	})
}

// FuzzReadScoresCSV checks that any scores file is read or refused with
// an error, never a panic, and that no score read is negative.
func FuzzReadScoresCSV(f *testing.F) {
	f.Add("payee,period,objective,score\nana,FY2026-Q1,pipeline,1.2\n")
	f.Add("payee,period,objective,score\nana,FY2026-Q1,pipeline,-0.5\nana,FY2026-Q1,pipeline,1\n")
	f.Add("payee,period,objective\n\"x\n")
	f.Fuzz(func(t *testing.T, src string) {
		sm, err := ReadScoresCSV("scores.csv", strings.NewReader(src))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an empty error")
			}
			return
		}
		for m, ps := range sm.Map() {
			for p, os := range ps {
				for o, v := range os {
					if v.Sign() < 0 {
						t.Fatalf("a negative score read: %s %s %s %s", m, p, o, v)
					}
				}
			}
		}
		for _, r := range sm.ScoreRows() {
			if v, ok, _ := sm.Score(r.Payee, r.Objective, calendar.Period{ID: r.Period}); !ok || !v.Equal(r.Score) || r.Pos.Line < 2 {
				t.Fatalf("row %+v is not the score read (%s, %v)", r, v, ok)
			}
		}
	})
}
