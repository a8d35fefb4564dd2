package process

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func date(s string) calendar.Date { return calendar.MustParseDate(s) }

func testSchema(t testing.TB) *deal.Schema {
	t.Helper()
	s, err := deal.NewSchema(
		deal.Attr{Name: "discount", Type: deal.Decimal},
		deal.Attr{Name: "approver", Type: deal.String},
		deal.Attr{Name: "legal_review", Type: deal.Boolean},
		deal.Attr{Name: "forecast_category", Type: deal.String},
	)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func testSection() Section {
	return Section{
		Policies: []PolicyDef{
			{ID: "discount-approval", When: "deal.attrs.discount > 0.2", Require: `deal.attrs.approver != ""`, Message: "a discount above 20% needs an approver"},
		},
		Processes: []ProcessDef{
			{
				ID:        "enterprise",
				Applies:   `deal.channel == "direct" && deal.amount >= 50000`,
				AllowBack: true,
				Stages: []StageDef{
					{ID: "discovery", Name: "Discovery", Probability: dec("0.1"), Forecast: Pipeline},
					{ID: "qualification", Probability: dec("0.3"), Exit: `deal.product != ""`},
					{ID: "negotiation", Probability: dec("0.6"), Required: []string{"close_date", "product"}, Entry: "deal.amount > 0", Forecast: BestCase,
						Policies: []PolicyDef{{ID: "legal-review", When: "deal.amount > 250000", Require: "deal.attrs.legal_review", Message: "a deal above 250,000 needs a legal review before negotiation"}}},
					{ID: "commit", Probability: dec("0.9"), Forecast: Commit},
					{ID: "won", Probability: dec("1"), Outcome: Won},
					{ID: "lost", Probability: dec("0"), Outcome: Lost},
				},
			},
			{
				ID:          "smb",
				Applies:     `deal.channel != "direct"`,
				AllowSkip:   true,
				AllowReopen: true,
				Stages: []StageDef{
					{ID: "open", Probability: dec("0.2")},
					{ID: "quote", Probability: dec("0.5"), Forecast: Commit},
					{ID: "won", Probability: dec("1"), Outcome: Won},
					{ID: "lost", Outcome: Lost},
				},
			},
		},
	}
}

func testBook(t testing.TB) *Book {
	t.Helper()
	b, err := Compile(testSection(), Config{Schema: testSchema(t)})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// big is an enterprise deal with everything set.
func big() deal.Deal {
	return deal.Deal{ID: "E1", Channel: "direct", Amount: dec("100000"), Currency: "USD", Owner: "ann", Product: "suite", CloseDate: date("2026-02-10"), Stage: "qualification"}
}

func TestProcessOf(t *testing.T) {
	b := testBook(t)
	both, err := Compile(Section{Processes: []ProcessDef{
		{ID: "a", Stages: []StageDef{{ID: "won", Probability: dec("1"), Outcome: Won}}},
		{ID: "b", Applies: "deal.amount > 0", Stages: []StageDef{{ID: "won", Probability: dec("1"), Outcome: Won}}},
	}}, Config{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		book    *Book
		d       deal.Deal
		want    string
		wantErr string
	}{
		{name: "enterprise", book: b, d: big(), want: "enterprise"},
		{name: "smb", book: b, d: deal.Deal{ID: "S1", Channel: "partner", Amount: dec("10")}, want: "smb"},
		{name: "none matched", book: b, d: deal.Deal{ID: "D7", Channel: "direct", Amount: dec("10")},
			wantErr: "deal D7: no process applies to it (processes: enterprise, smb)"},
		{name: "two matched", book: both, d: deal.Deal{ID: "D8", Amount: dec("10")},
			wantErr: "deal D8: processes a, b all apply to it; a deal must fall under exactly one"},
		{name: "one of two", book: both, d: deal.Deal{ID: "D9"}, want: "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := tt.book.ProcessOf(&tt.d)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.ID() != tt.want {
				t.Errorf("process = %s, want %s", p.ID(), tt.want)
			}
		})
	}
}

func TestCheckMove(t *testing.T) {
	b := testBook(t)
	smb := deal.Deal{ID: "S1", Channel: "partner", Amount: dec("5000")}
	tests := []struct {
		name     string
		d        func(d *deal.Deal)
		base     deal.Deal
		from, to string
		want     []Violation
	}{
		{name: "forward, all met", from: "qualification", to: "negotiation"},
		{name: "same stage", from: "negotiation", to: "negotiation"},
		{name: "skip refused", from: "discovery", to: "negotiation", want: []Violation{
			{Rule: "skip", Stage: "negotiation", Message: "cannot move from discovery to negotiation: it skips qualification, and process enterprise does not allow skipping stages"},
		}},
		{name: "skip to won", from: "qualification", to: "won", want: []Violation{
			{Rule: "skip", Stage: "won", Message: "cannot move from qualification to won: it skips negotiation, commit, and process enterprise does not allow skipping stages"},
		}},
		{name: "to lost skips nothing", from: "discovery", to: "lost"},
		{name: "back allowed", from: "commit", to: "discovery"},
		{name: "reopen refused", from: "won", to: "negotiation", want: []Violation{
			{Rule: "reopen", Stage: "won", Message: "cannot move from won stage won to negotiation: process enterprise does not allow reopening a won deal"},
		}},
		{name: "lost to won refused", from: "lost", to: "won", want: []Violation{
			{Rule: "reopen", Stage: "lost", Message: "cannot move from lost stage lost to won: process enterprise does not allow reopening a lost deal"},
		}},
		{name: "exit and required", d: func(d *deal.Deal) { d.Product = ""; d.CloseDate = calendar.Date{} }, from: "qualification", to: "negotiation", want: []Violation{
			{Rule: "exit", Stage: "qualification", Message: `exit criteria of stage qualification not met: deal.product != ""`},
			{Rule: "required", Stage: "negotiation", Message: "close_date is required in stage negotiation"},
			{Rule: "required", Stage: "negotiation", Message: "product is required in stage negotiation"},
		}},
		{name: "stage policy on entry", d: func(d *deal.Deal) { d.Amount = dec("300000") }, from: "qualification", to: "negotiation", want: []Violation{
			{Rule: "legal-review", Stage: "negotiation", Message: "a deal above 250,000 needs a legal review before negotiation"},
		}},
		{name: "stage policy met", d: func(d *deal.Deal) { d.Amount = dec("300000"); d.Attrs = d.Attrs.With("legal_review", true) }, from: "qualification", to: "negotiation"},
		{name: "global policy and skip", d: func(d *deal.Deal) { d.Attrs = d.Attrs.With("discount", dec("0.25")) }, from: "discovery", to: "commit", want: []Violation{
			{Rule: "skip", Stage: "commit", Message: "cannot move from discovery to commit: it skips qualification, negotiation, and process enterprise does not allow skipping stages"},
			{Rule: "discount-approval", Message: "a discount above 20% needs an approver"},
		}},
		{name: "smb skip allowed", base: smb, from: "open", to: "won"},
		{name: "smb reopen allowed", base: smb, from: "lost", to: "open"},
		{name: "smb back refused", base: smb, from: "quote", to: "open", want: []Violation{
			{Rule: "back", Stage: "open", Message: "cannot move back from quote to open: process smb does not allow moving backwards"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.base
			if d.ID == "" {
				d = big()
			}
			if tt.d != nil {
				tt.d(&d)
			}
			got, err := b.CheckMove(&d, tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("CheckMove (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckMoveErrors(t *testing.T) {
	b := testBook(t)
	d := big()
	if _, err := b.CheckMove(&d, "qualification", "closing"); err == nil || err.Error() != `deal E1: process enterprise has no stage "closing"` {
		t.Errorf("err = %v", err)
	}
	d.Stage = "nowhere"
	if _, err := b.Check(&d); err == nil || err.Error() != `deal E1: process enterprise has no stage "nowhere"` {
		t.Errorf("err = %v", err)
	}
}

func TestCheck(t *testing.T) {
	b := testBook(t)
	tests := []struct {
		name string
		d    func(d *deal.Deal)
		want []Violation
	}{
		{name: "clean", d: func(d *deal.Deal) { d.Stage = "negotiation" }},
		{name: "everything at once", d: func(d *deal.Deal) {
			d.Stage = "negotiation"
			d.Amount = dec("300000")
			d.Product = ""
			d.Attrs = d.Attrs.With("discount", dec("0.3"))
		}, want: []Violation{
			{Rule: "required", Stage: "negotiation", Message: "product is required in stage negotiation"},
			{Rule: "legal-review", Stage: "negotiation", Message: "a deal above 250,000 needs a legal review before negotiation"},
			{Rule: "discount-approval", Message: "a discount above 20% needs an approver"},
		}},
		{name: "discount approved", d: func(d *deal.Deal) { d.Attrs = d.Attrs.With("discount", dec("0.3")).With("approver", "vp") }},
		{name: "discount of 20% needs none", d: func(d *deal.Deal) { d.Attrs = d.Attrs.With("discount", dec("0.2")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := big()
			tt.d(&d)
			got, err := b.Check(&d)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Check (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckEntryWhileInStage(t *testing.T) {
	sec := Section{Processes: []ProcessDef{{ID: "p", Stages: []StageDef{
		{ID: "a", Probability: dec("0.5"), Entry: "deal.amount > 100", Required: []string{"attrs.approver"}},
		{ID: "w", Probability: dec("1"), Outcome: Won},
	}}}}
	b, err := Compile(sec, Config{Schema: testSchema(t)})
	if err != nil {
		t.Fatal(err)
	}
	d := deal.Deal{ID: "X", Stage: "a", Amount: dec("5")}
	got, err := b.Check(&d)
	if err != nil {
		t.Fatal(err)
	}
	want := []Violation{
		{Rule: "entry", Stage: "a", Message: "entry criteria of stage a not met: deal.amount > 100"},
		{Rule: "required", Stage: "a", Message: "attrs.approver is required in stage a"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Check (-want +got):\n%s", diff)
	}
}

func TestQualify(t *testing.T) {
	b := testBook(t)
	q1 := calendar.Calendar{}.MustParse("FY2026-Q1")
	deals := []deal.Deal{
		{ID: "W1", Channel: "partner", Stage: "won", Date: date("2026-03-31")},
		{ID: "W2", Channel: "partner", Stage: "won", Date: date("2026-04-01")},
		{ID: "L1", Channel: "partner", Stage: "lost", Date: date("2026-02-01")},
		{ID: "O1", Channel: "partner", Stage: "open", Date: date("2026-02-01")},
		{ID: "W3", Channel: "direct", Amount: dec("60000"), Stage: "won", Date: date("2026-01-01")},
	}
	won, err := b.Qualify(deals, q1)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range won {
		ids = append(ids, d.ID)
	}
	if diff := cmp.Diff([]string{"W1", "W3"}, ids); diff != "" {
		t.Errorf("Qualify (-want +got):\n%s", diff)
	}
	_, err = b.Qualify(append(deals, deal.Deal{ID: "Z9", Channel: "direct", Amount: dec("1"), Stage: "won"}), q1)
	if err == nil || err.Error() != "deal Z9: no process applies to it (processes: enterprise, smb)" {
		t.Errorf("err = %v", err)
	}
}

type teamMap map[string]string

func (m teamMap) TeamOf(member string, _ calendar.Date) (string, bool) {
	t, ok := m[member]
	return t, ok
}

func pipelineDeals() []deal.Deal {
	return []deal.Deal{
		{ID: "E1", Channel: "direct", Owner: "ann", Currency: "USD", Amount: dec("100000"), Stage: "discovery", CloseDate: date("2026-02-15")},
		{ID: "E2", Channel: "direct", Owner: "bob", Currency: "USD", Amount: dec("200000"), Stage: "negotiation", CloseDate: date("2026-03-20")},
		{ID: "E3", Channel: "direct", Owner: "ann", Currency: "USD", Amount: dec("80000"), Stage: "commit", CloseDate: date("2026-04-02"), Attrs: deal.AttrsOf(map[string]any{"forecast_category": "best_case"})},
		{ID: "S1", Channel: "partner", Owner: "cy", Currency: "USD", Amount: dec("10000"), Stage: "open", CloseDate: date("2026-03-01")},
		{ID: "S2", Channel: "partner", Owner: "ann", Currency: "USD", Amount: dec("5000"), Stage: "quote", CloseDate: date("2026-02-01")},
		{ID: "W1", Channel: "partner", Owner: "ann", Currency: "USD", Amount: dec("30000"), Stage: "won", Date: date("2026-01-20")},
		{ID: "W2", Channel: "direct", Owner: "bob", Currency: "USD", Amount: dec("70000"), Stage: "won", Date: date("2026-02-20")},
		{ID: "L1", Channel: "partner", Owner: "ann", Currency: "USD", Amount: dec("9000"), Stage: "lost", CloseDate: date("2026-02-01")},
	}
}

func TestPipeline(t *testing.T) {
	b := testBook(t)
	got, err := b.Pipeline(pipelineDeals(), PipelineOptions{Teams: teamMap{"ann": "east", "bob": "west"}, Kind: calendar.Quarter})
	if err != nil {
		t.Fatal(err)
	}
	// E1 100000×0.1 = 10000; E2 200000×0.6 = 120000; E3 80000×0.9 = 72000;
	// S1 10000×0.2 = 2000; S2 5000×0.5 = 2500.
	l := func(k string, n int, a, w string) Line {
		return Line{Key: k, Deals: n, Amount: dec(a), Weighted: dec(w)}
	}
	want := PipelineReport{
		Currency:  "USD",
		Total:     l("total", 5, "395000", "206500"),
		ByStage:   []Line{l("commit", 1, "80000", "72000"), l("discovery", 1, "100000", "10000"), l("negotiation", 1, "200000", "120000"), l("open", 1, "10000", "2000"), l("quote", 1, "5000", "2500")},
		ByOwner:   []Line{l("ann", 3, "185000", "84500"), l("bob", 1, "200000", "120000"), l("cy", 1, "10000", "2000")},
		ByTeam:    []Line{l("", 1, "10000", "2000"), l("east", 3, "185000", "84500"), l("west", 1, "200000", "120000")},
		ByChannel: []Line{l("direct", 3, "380000", "202000"), l("partner", 2, "15000", "4500")},
		ByPeriod:  []Line{l("FY2026-Q1", 4, "315000", "134500"), l("FY2026-Q2", 1, "80000", "72000")},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("Pipeline (-want +got):\n%s", diff)
	}
	mixed := append(pipelineDeals(), deal.Deal{ID: "X1", Channel: "partner", Currency: "EUR", Stage: "open"})
	if _, err := b.Pipeline(mixed, PipelineOptions{}); err == nil || err.Error() != "deal X1: currency EUR differs from USD; convert amounts before the pipeline" {
		t.Errorf("err = %v", err)
	}
}

func TestHistory(t *testing.T) {
	b := testBook(t)
	p, _ := b.Process("enterprise")
	ch := func(d, from, to, on string) Change { return Change{Deal: d, From: from, To: to, Date: date(on)} }
	changes := []Change{
		// A: qualification 20 days, negotiation 5, commit 15, won: cycle 40.
		ch("A", "discovery", "qualification", "2026-01-01"),
		ch("A", "qualification", "negotiation", "2026-01-21"),
		ch("A", "negotiation", "commit", "2026-01-26"),
		ch("A", "commit", "won", "2026-02-10"),
		// B: qualification 30 days, lost from negotiation after 10.
		ch("B", "negotiation", "lost", "2026-02-11"),
		ch("B", "discovery", "qualification", "2026-01-02"),
		ch("B", "qualification", "negotiation", "2026-02-01"),
		// C: lost in discovery.
		ch("C", "discovery", "lost", "2026-01-05"),
		// D: skipped to commit, won after 4 days: cycle 4.
		ch("D", "qualification", "commit", "2026-03-01"),
		ch("D", "commit", "won", "2026-03-05"),
		// E: still open in qualification.
		ch("E", "discovery", "qualification", "2026-03-01"),
	}
	got, err := p.History(changes)
	if err != nil {
		t.Fatal(err)
	}
	want := History{
		Stages: []StageStats{
			// entered A B C E, advanced A B E (C lost).
			{Stage: "discovery", Entered: 4, Advanced: 3, Conversion: dec("0.75"), Stays: 0, AvgDays: dec("0")},
			// entered A B D E, advanced A B D; stays A 20, B 30.
			{Stage: "qualification", Entered: 4, Advanced: 3, Conversion: dec("0.75"), Stays: 2, AvgDays: dec("25")},
			// entered A B, advanced A; stays A 5, B 10.
			{Stage: "negotiation", Entered: 2, Advanced: 1, Conversion: dec("0.5"), Stays: 2, AvgDays: dec("7.5")},
			// entered A D, both won; stays A 15, D 4.
			{Stage: "commit", Entered: 2, Advanced: 2, Conversion: dec("1"), Stays: 2, AvgDays: dec("9.5")},
		},
		Won: 2, Lost: 2, WinRate: dec("0.5"), CycleDays: dec("22"), // (40+4)/2
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("History (-want +got):\n%s", diff)
	}
	if _, err := p.History([]Change{ch("Q", "discovery", "closing", "2026-01-01")}); err == nil || err.Error() != `change 0 (deal Q): process enterprise has no stage "closing"` {
		t.Errorf("err = %v", err)
	}
}

type targetMap map[string]decimal.Decimal

func (m targetMap) TargetOf(kind, id, measure string, p calendar.Period) (decimal.Decimal, bool, error) {
	if measure != "bookings" {
		return decimal.Decimal{}, false, errors.New("no measure " + measure)
	}
	v, ok := m[kind+"/"+id+"/"+p.ID]
	return v, ok, nil
}

func TestForecast(t *testing.T) {
	b := testBook(t)
	q1 := calendar.Calendar{}.MustParse("FY2026-Q1")
	targets := targetMap{"member/ann/FY2026-Q1": dec("150000"), "team/west/FY2026-Q1": dec("50000"), "channel/partner/FY2026-Q1": dec("30000")}
	teams := teamMap{"ann": "east", "bob": "west", "cy": "east"}
	tests := []struct {
		name  string
		scope Scope
		want  Forecast
	}{
		// ann: won W1 30000; open in Q1: E1 discovery pipeline 100000, S2
		// quote commit 5000 (E3 closes in Q2). Remaining 120000, coverage
		// 105000/120000 = 0.875.
		{name: "member", scope: Scope{Kind: Member, ID: "ann"}, want: Forecast{
			Period: "FY2026-Q1", Scope: "member ann", Won: dec("30000"), Commit: dec("5000"), Pipeline: dec("100000"), Open: dec("105000"),
			HasTarget: true, Target: dec("150000"), Remaining: dec("120000"), HasCoverage: true, Coverage: dec("0.875"),
		}},
		// west (bob): won W2 70000 over a target of 50000: no remaining
		// quota, no coverage ratio; E2 negotiation best case 200000.
		{name: "team over target", scope: Scope{Kind: Team, ID: "west", Teams: teams}, want: Forecast{
			Period: "FY2026-Q1", Scope: "team west", Won: dec("70000"), BestCase: dec("200000"), Open: dec("200000"),
			HasTarget: true, Target: dec("50000"), Remaining: dec("0"),
		}},
		// partner: won W1 30000 of 30000, S1 2000 + S2 5000 open.
		{name: "channel met", scope: Scope{Kind: Channel, ID: "partner"}, want: Forecast{
			Period: "FY2026-Q1", Scope: "channel partner", Won: dec("30000"), Commit: dec("5000"), Pipeline: dec("10000"), Open: dec("15000"),
			HasTarget: true, Target: dec("30000"), Remaining: dec("0"),
		}},
		{name: "no target", scope: Scope{Kind: Member, ID: "cy"}, want: Forecast{
			Period: "FY2026-Q1", Scope: "member cy", Pipeline: dec("10000"), Open: dec("10000"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := b.Forecast(pipelineDeals(), q1, tt.scope, targets, "bookings")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
				t.Errorf("Forecast (-want +got):\n%s", diff)
			}
		})
	}
	q2 := calendar.Calendar{}.MustParse("FY2026-Q2")
	got, err := b.Forecast(pipelineDeals(), q2, Scope{Kind: Member, ID: "ann"}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if !got.BestCase.Equal(dec("80000")) || !got.Commit.IsZero() {
		t.Errorf("attrs.forecast_category not applied: %+v", got)
	}
	bad := append(pipelineDeals(), deal.Deal{ID: "B1", Channel: "partner", Owner: "ann", Stage: "open", Currency: "USD", CloseDate: date("2026-02-01"), Attrs: deal.AttrsOf(map[string]any{"forecast_category": "maybe"})})
	if _, err := b.Forecast(bad, q1, Scope{Kind: Member, ID: "ann"}, nil, ""); err == nil || err.Error() != "deal B1: attrs.forecast_category: unknown forecast category maybe (want commit, best_case, pipeline or omitted)" {
		t.Errorf("err = %v", err)
	}
	eur := append(pipelineDeals(), deal.Deal{ID: "E9", Channel: "partner", Owner: "ann", Stage: "open", Currency: "EUR", CloseDate: date("2026-02-01")})
	if _, err := b.Forecast(eur, q1, Scope{Kind: Member, ID: "ann"}, nil, ""); err == nil || !strings.Contains(err.Error(), "deal E9: currency EUR differs from USD") {
		t.Errorf("mixed currencies: err = %v", err)
	}
}

// datedTree is a team tree that changes on a date: east is under north
// until 28 February 2026 and a root from 1 March.
type datedTree struct{ teamMap }

func (datedTree) TeamPath(team string, d calendar.Date) []string {
	if team == "east" && d.Before(date("2026-03-01")) {
		return []string{"east", "north"}
	}
	return []string{team}
}

// TestForecastDatedTeam checks that a team's forecast counts the deals of
// the teams below it on each deal's date: east's deals up to 28 February
// count for north (W1 won 30,000, S2 commit 5,000, E1 pipeline 100,000),
// cy's S1, expected on 1 March, does not.
func TestForecastDatedTeam(t *testing.T) {
	b := testBook(t)
	q1 := calendar.Calendar{}.MustParse("FY2026-Q1")
	got, err := b.Forecast(pipelineDeals(), q1, Scope{Kind: Team, ID: "north", Teams: datedTree{teamMap{"ann": "east", "bob": "west", "cy": "east"}}}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	want := Forecast{Period: "FY2026-Q1", Scope: "team north", Won: dec("30000"), Commit: dec("5000"), Pipeline: dec("100000"), Open: dec("105000")}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("Forecast (-want +got):\n%s", diff)
	}
}

func TestCompileProblems(t *testing.T) {
	sec := Section{
		Policies: []PolicyDef{
			{ID: "p1", Require: "deal.amount >", Message: "m", Stages: []string{"negotiaton"}},
			{ID: "p1", Require: "true"},
		},
		Processes: []ProcessDef{
			{ID: "a", Applies: "deal.amout", Stages: []StageDef{
				{ID: "s1", Probability: dec("1.5"), Required: []string{"clos_date", "attrs.nope"}, Forecast: "comit"},
				{ID: "s1", Probability: dec("-0.1"), Outcome: "wonn"},
				{ID: "negotiation", Entry: `deal.channel == 3`},
			}},
			{ID: "a", Stages: []StageDef{{ID: "w", Outcome: Won}}},
		},
	}
	_, err := Compile(sec, Config{Schema: testSchema(t)})
	var l diag.List
	if !errors.As(err, &l) {
		t.Fatalf("err = %v, want a diag.List", err)
	}
	type row struct {
		Path string
		Code diag.Code
		Msg  string
		Hint string
	}
	var got []row
	for _, p := range l {
		got = append(got, row{p.Path, p.Code, p.Message, p.Hint})
	}
	want := []row{
		{"policies[0].require", diag.Expression, "", ""},
		{"policies[0].stages[0]", diag.UnknownRef, `unknown stage "negotiaton"`, "did you mean negotiation?"},
		{"policies[1].id", diag.DuplicateID, `duplicate policy id "p1"`, ""},
		{"policies[1].message", diag.Missing, `policy "p1" needs a message`, ""},
		{"processes[0].applies", diag.Expression, "", ""},
		{"processes[0].stages", diag.Missing, `process "a" has no won stage (a stage with outcome: won)`, ""},
		{"processes[0].stages[0].forecast", diag.InvalidValue, `unknown forecast category "comit" (want commit, best_case, pipeline or omitted)`, "did you mean commit?"},
		{"processes[0].stages[0].probability", diag.InvalidValue, "probability 1.5 is outside 0 to 1", ""},
		{"processes[0].stages[0].required[0]", diag.UnknownRef, `unknown deal field "clos_date"`, "did you mean close_date?"},
		{"processes[0].stages[0].required[1]", diag.UnknownRef, `unknown attribute "nope": the schema does not declare it`, ""},
		{"processes[0].stages[1].id", diag.DuplicateID, `duplicate stage id "s1" in process "a"`, ""},
		{"processes[0].stages[1].outcome", diag.InvalidValue, `unknown outcome "wonn" (want won or lost)`, "did you mean won?"},
		{"processes[0].stages[1].probability", diag.InvalidValue, "probability -0.1 is outside 0 to 1", ""},
		{"processes[0].stages[2].entry", diag.Expression, "", ""},
		{"processes[1].id", diag.DuplicateID, `duplicate process id "a"`, ""},
	}
	// Expression messages come from internal/rules: check them apart.
	for i := range got {
		if got[i].Code == diag.Expression {
			if got[i].Msg == "" {
				t.Errorf("%s: empty message", got[i].Path)
			}
			got[i].Msg, got[i].Hint = "", ""
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	for _, p := range l {
		if p.Path == "processes[0].applies" {
			if p.Inner != (diag.Pos{Line: 1, Col: 6}) || p.Hint != "did you mean amount?" {
				t.Errorf("applies: inner %v hint %q, want 1:6 and did you mean amount?", p.Inner, p.Hint)
			}
		}
	}
	if !errors.Is(err, diag.DuplicateID) {
		t.Error("errors.Is(err, diag.DuplicateID) = false")
	}
}

func TestCompileEmpty(t *testing.T) {
	_, err := Compile(Section{}, Config{})
	if err == nil || err.Error() != "processes: no process is defined" {
		t.Errorf("err = %v", err)
	}
}

// TestConcurrent proves a Book is safe for concurrent use: run it under
// -race.
func TestConcurrent(t *testing.T) {
	b := testBook(t)
	q1 := calendar.Calendar{}.MustParse("FY2026-Q1")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				d := big()
				d.Attrs = d.Attrs.With("discount", dec("0.3"))
				if vs, err := b.CheckMove(&d, "discovery", "negotiation"); err != nil || len(vs) != 2 {
					t.Errorf("CheckMove = %v, %v", vs, err)
					return
				}
				if _, err := b.Qualify(pipelineDeals(), q1); err != nil {
					t.Error(err)
					return
				}
				if _, err := b.Pipeline(pipelineDeals(), PipelineOptions{}); err != nil {
					t.Error(err)
					return
				}
				if won, err := b.Qualify(pipelineDeals(), q1); err != nil {
					t.Error(err)
					return
				} else if _, _, err := b.Enforce(won); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func FuzzCompile(f *testing.F) {
	f.Add("enterprise", `deal.channel == "direct"`, "discovery", "0.1", "deal.amount > 0", "won")
	f.Add("", "deal.amount >", "", "1.5", "", "lost")
	f.Add("a", "deal.attrs.discount > 0.2", "x", "-1", `deal.attrs.approver != ""`, "")
	f.Fuzz(func(t *testing.T, id, applies, stageID, prob, entry, outcome string) {
		p, err := decimal.NewFromString(prob)
		if err != nil {
			p = decimal.Zero
		}
		sec := Section{
			Policies: []PolicyDef{{ID: id, When: entry, Require: applies, Message: "m", Stages: []string{stageID}}},
			Processes: []ProcessDef{{ID: id, Applies: applies, Stages: []StageDef{
				{ID: stageID, Probability: p, Entry: entry, Exit: applies, Required: []string{stageID, "attrs." + id}, Outcome: Outcome(outcome), Forecast: Category(outcome)},
				{ID: "w", Probability: p, Outcome: Won},
			}}},
		}
		b, err := Compile(sec, Config{Schema: testSchema(t)})
		if err != nil {
			if !strings.Contains(err.Error(), ":") {
				t.Errorf("error without path: %v", err)
			}
			return
		}
		d := big()
		d.Stage = stageID
		_, _ = b.Check(&d)
		_, _ = b.CheckMove(&d, stageID, "w")
	})
}
