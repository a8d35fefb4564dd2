package commission

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
	"github.com/shopspring/decimal"
)

func TestReadTermsCSV(t *testing.T) {
	got, err := ReadTermsCSV("terms.csv", strings.NewReader("payee,from,to,ote,base,target_incentive,currency\n"+
		"ana,2026-07-01,,220000,,90000,USD\n"+
		"ana,2026-01-01,2026-06-30,200000,120000,,USD\n"+
		"ben,,,,,50000,\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := TermMap{
		"ana": {
			{From: calendar.MustParseDate("2026-01-01"), To: calendar.MustParseDate("2026-06-30"), OTE: dec("200000"), Base: dec("120000"), Currency: "USD"},
			{From: calendar.MustParseDate("2026-07-01"), OTE: dec("220000"), TargetIncentive: dec("90000"), Currency: "USD"},
		},
		"ben": {{TargetIncentive: dec("50000")}},
	}
	if diff := cmp.Diff(want, got.Map()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// the rows in the order of the file, each with its line
	var lines []string
	for _, r := range got.TermRows() {
		lines = append(lines, r.Payee+" "+r.Terms.From.String()+" "+r.Pos.String())
	}
	if diff := cmp.Diff([]string{"ana 2026-07-01 terms.csv:2:1", "ana 2026-01-01 terms.csv:3:1", "ben 0000-00-00 terms.csv:4:1"}, lines); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestReadTermsCSVErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"empty", "", "terms.csv:1:1: empty terms file: want the header payee,from,to,ote,base,target_incentive,currency"},
		{"unknown column", "payee,ote,bsae\n", `terms.csv:1:11: unknown column "bsae" (did you mean base?)`},
		{"no payee", "ote,base\n", "terms.csv:1:1: missing column payee: want payee,from,to,ote,base,target_incentive,currency"},
		{"bad fields", "payee,from,ote,base\nana,2026-13-01,x,1\n,,,\n",
			"terms.csv:2:5: from: invalid date \"2026-13-01\": no such day\nterms.csv:2:16: ote: \"x\" is not a decimal number (write 1234.56, without thousands separators)\nterms.csv:3:1: missing payee"},
		{"not two", "payee,ote\nana,1000\n", "terms.csv:2:1: payee ana: give two of ote, base and target_incentive (or target_incentive alone, for pay on incentive only; a zero is read as not given, so for pay without incentive write base equal to ote)"},
		{"sum", "payee,ote,base,target_incentive\nana,100,50,60\n", "terms.csv:2:1: payee ana: ote 100 is not base 50 + target_incentive 60"},
		{"overlap", "payee,from,to,target_incentive\nana,2026-01-01,2026-06-30,10\nana,2026-06-30,,20\n", "terms.csv:3:1: payee ana: these terms overlap those of line 2"},
		{"negative", "payee,target_incentive\nana,-5\n", "terms.csv:2:1: payee ana: target_incentive cannot be negative, not -5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadTermsCSV("terms.csv", strings.NewReader(tc.src))
			if err == nil || err.Error() != tc.want {
				t.Errorf("error = %v\nwant %s", err, tc.want)
			}
		})
	}
}

// TestFixedCapsFromGo checks that caps and minimums set from Go as
// numbers (Cap, CapPerDeal, Min) still work, and that giving a number
// and a rule for one limit is an error.
func TestFixedCapsFromGo(t *testing.T) {
	sec := Section{Measures: []MeasureDef{{ID: "bookings"}}, Plans: []PlanDef{{ID: "ae", Eligible: Eligibility{Roles: []string{"ae"}},
		Cap:        ptr(dec("2500")),
		Components: []ComponentDef{{ID: "c", Measure: "bookings", Rate: "0.1", CapPerDeal: ptr(dec("2000")), Min: ptr(dec("100")), Cap: ptr(dec("3000"))}}}}}
	org := caseOrg{"ana": {Role: "ae"}}
	e, err := Compile(sec, Config{Org: org})
	if err != nil {
		t.Fatal(err)
	}
	deals := []deal.Deal{
		{ID: "D1", Date: calendar.MustParseDate("2026-01-02"), Amount: dec("30000"), Currency: "USD", Owner: "ana"},
		{ID: "D2", Date: calendar.MustParseDate("2026-01-03"), Amount: dec("500"), Currency: "USD", Owner: "ana"},
		{ID: "D3", Date: calendar.MustParseDate("2026-01-04"), Amount: dec("15000"), Currency: "USD", Owner: "ana"},
	}
	res, err := e.Run(calendar.Calendar{}.MustParse("FY2026-Q1"), deals)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := res.Statement("ana")
	var got []string
	for _, l := range st.Lines {
		got = append(got, lineString(l))
	}
	want := []string{"c D1 direct 2000.00", "c D2 direct 100.00", "c D3 direct 1500.00", "c - cap -600.00", "plan-cap - cap -500.00"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	sec.Plans[0].CapRule = "2 * 1000"
	if _, err := Compile(sec, Config{Org: org}); err == nil || err.Error() != "plans[0].cap: a cap is given both as a rule and as a number: give one" {
		t.Errorf("error = %v", err)
	}
}

func TestReadScoresCSV(t *testing.T) {
	got, err := ReadScoresCSV("scores.csv", strings.NewReader("payee,period,objective,score\nana,FY2026-Q1,hygiene,1.2\nana,FY2026-Q1,nps,0.9\n"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ScoreMap{"ana": {"FY2026-Q1": {"hygiene": dec("1.2"), "nps": dec("0.9")}}}, got.Map()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	rows := []ScoreRow{{Payee: "ana", Period: "FY2026-Q1", Objective: "hygiene", Score: dec("1.2"), Pos: diag.Pos{File: "scores.csv", Line: 2, Col: 1}},
		{Payee: "ana", Period: "FY2026-Q1", Objective: "nps", Score: dec("0.9"), Pos: diag.Pos{File: "scores.csv", Line: 3, Col: 1}}}
	if diff := cmp.Diff(rows, got.ScoreRows()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	_, err = ReadScoresCSV("scores.csv", strings.NewReader("payee,period,objective,score\nana,FY2026-Q1,hygiene,-1\nana,FY2026-Q1,nps,0.9\nana,FY2026-Q1,nps,1\nben,FY2026-Q1,n-p,\n"))
	want := "scores.csv:2:23: a score cannot be negative, not -1\nscores.csv:4:1: payee ana has two scores of nps in FY2026-Q1 (also line 3)\nscores.csv:5:15: invalid objective \"n-p\": use letters, digits and _, starting with a letter, so that rules can read score.n-p\nscores.csv:5:19: missing score"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant %s", err, want)
	}
}

// TestResolve checks how two of OTE, base and TI give the third, what a
// zero means (not given), and the errors: pay without incentive is
// written as base equal to OTE, pay on incentive only as TI alone.
func TestResolve(t *testing.T) {
	d := decimal.RequireFromString
	for _, tc := range []struct {
		name          string
		in            MemberTerms
		ote, base, ti string
		err           string
	}{
		{"ote and base", MemberTerms{OTE: d("200000"), Base: d("120000")}, "200000", "120000", "80000", ""},
		{"ote and ti", MemberTerms{OTE: d("200000"), TargetIncentive: d("80000")}, "200000", "120000", "80000", ""},
		{"base and ti", MemberTerms{Base: d("120000"), TargetIncentive: d("80000")}, "200000", "120000", "80000", ""},
		{"all three", MemberTerms{OTE: d("200000"), Base: d("120000"), TargetIncentive: d("80000")}, "200000", "120000", "80000", ""},
		{"ti alone", MemberTerms{TargetIncentive: d("50000")}, "50000", "0", "50000", ""},
		{"no incentive", MemberTerms{OTE: d("90000"), Base: d("90000")}, "90000", "90000", "0", ""},
		{"all three, not adding up", MemberTerms{OTE: d("200000"), Base: d("120000"), TargetIncentive: d("70000")}, "", "", "", "ote 200000 is not base 120000 + target_incentive 70000"},
		{"ti above ote", MemberTerms{OTE: d("100"), TargetIncentive: d("101")}, "", "", "", "target_incentive 101 is more than ote 100"},
		{"base above ote", MemberTerms{OTE: d("100"), Base: d("101")}, "", "", "", "base 101 is more than ote 100"},
		{"ote alone", MemberTerms{OTE: d("90000")}, "", "", "", "for pay without incentive write base equal to ote"},
		{"ote and a zero ti", MemberTerms{OTE: d("90000"), TargetIncentive: d("0")}, "", "", "", "a zero is read as not given"},
		{"base alone", MemberTerms{Base: d("90000")}, "", "", "", "write ote equal to base"},
		{"nothing", MemberTerms{}, "", "", "", "give two of ote, base and target_incentive"},
		{"negative", MemberTerms{OTE: d("-1"), Base: d("1")}, "", "", "", "ote cannot be negative, not -1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.in.Resolve()
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("Resolve() error = %v, want one with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !got.OTE.Equal(d(tc.ote)) || !got.Base.Equal(d(tc.base)) || !got.TargetIncentive.Equal(d(tc.ti)) {
				t.Errorf("Resolve() = ote %s, base %s, ti %s; want %s, %s, %s", got.OTE, got.Base, got.TargetIncentive, tc.ote, tc.base, tc.ti)
			}
		})
	}
}
