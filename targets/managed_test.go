package targets_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/targets"
	"github.com/shopspring/decimal"
)

// managedOrg is a fakeOrg whose teams have managers, each from one day to
// another (zero: open). It implements targets.TeamManagers.
type managedOrg struct {
	*fakeOrg
	managers map[string][]managerStint // team → its managers
}

type managerStint struct {
	member   string
	from, to calendar.Date
}

func (o *managedOrg) ManagerOf(team string, d calendar.Date) (string, bool) {
	for _, s := range o.managers[team] {
		in := stint{from: s.from, to: s.to}
		if in.covers(d) && o.Active(s.member, d) {
			return s.member, true
		}
	}
	return "", false
}

func (o *managedOrg) TeamPath(team string, _ calendar.Date) []string {
	var out []string
	for i := 0; team != "" && i < 100; i++ {
		out = append(out, team)
		team = o.parents[team]
	}
	return out
}

var _ targets.TeamManagers = (*managedOrg)(nil)

// newManagedOrg is newOrg's organisation with managers, in role mgr:
//
//	emea        mia (in emea to 2026-02-09) manages it to 2026-02-09,
//	            max (in emea from 2026-02-10) from 2026-02-10
//	emea-north  nat (in emea-north to 2026-02-28) manages it to
//	            2026-02-28; max from 2026-03-01 (with emea)
//	amer        mia manages it to 2026-02-09 too (side by side with
//	            emea), oli (in amer) from 2026-02-10
//	pat         a manager in amer who manages no team
//
// FY2026-Q1 has 90 days: 40 to 9 February, 50 from 10 February.
func newManagedOrg() *managedOrg {
	o := newOrg()
	o.roles = append(o.roles, "mgr")
	o.members["mia"] = []stint{{team: "emea", role: "mgr", to: date("2026-02-09")}}
	o.members["max"] = []stint{{team: "emea", role: "mgr", from: date("2026-02-10")}}
	o.members["nat"] = []stint{{team: "emea-north", role: "mgr", to: date("2026-02-28")}}
	o.members["oli"] = []stint{{team: "amer", role: "mgr"}}
	o.members["pat"] = []stint{{team: "amer", role: "mgr"}}
	return &managedOrg{fakeOrg: o, managers: map[string][]managerStint{
		"emea": {
			{member: "mia", to: date("2026-02-09")},
			{member: "max", from: date("2026-02-10")},
		},
		"emea-north": {
			{member: "nat", to: date("2026-02-28")},
			{member: "max", from: date("2026-03-01")},
		},
		"amer": {
			{member: "mia", to: date("2026-02-09")},
			{member: "oli", from: date("2026-02-10")},
		},
	}}
}

// managedSection gives every AE 30,000 in FY2026-Q1, the teams their own
// Q1 targets (emea 100,000 with a stretch of 120,000, emea-north 36,000,
// amer 60,000), and the managers the targets of the teams they manage.
func managedSection(basis targets.Basis) targets.Section {
	return targets.Section{
		Proration: basis,
		Quotas: []targets.Quota{
			quota("role:ae", "bookings", "FY2026-Q1", "30000"),
			quota("team:emea", "bookings", "FY2026-Q1", "100000", stretch("120000")),
			quota("team:emea-north", "bookings", "FY2026-Q1", "36000"),
			quota("team:amer", "bookings", "FY2026-Q1", "60000"),
			{Owner: "member:mia", Measure: "bookings", Period: "FY2026-Q1", Of: targets.ManagedTeam},
			{Owner: "member:max", Measure: "bookings", Period: "FY2026-Q1", Of: targets.ManagedTeam},
			{Owner: "member:nat", Measure: "bookings", Period: "FY2026-Q1", Of: targets.ManagedTeam},
			{Owner: "member:oli", Measure: "bookings", Period: "FY2026-Q1", Of: targets.ManagedTeam},
		},
	}
}

func TestManagedTeamQuota(t *testing.T) {
	tests := []struct {
		name  string
		basis targets.Basis
		get   func(*targets.Book) func(kind, id, measure, p string) (string, error)
		cases []owned
	}{
		{
			name:  "by days, a mid-quarter handover",
			basis: targets.Days,
			get:   quotaOf,
			cases: []owned{
				// mia manages emea and amer, side by side, for 40 of 90
				// days: (100,000 + 60,000) × 40/90 = 71,111.111…
				{"member", "mia", "FY2026-Q1", "71111.11"},
				// max manages emea for the other 50 days: 100,000 × 50/90
				// = 55,555.555…; in March emea-north too, which is below
				// emea, so inside its target already.
				{"member", "max", "FY2026-Q1", "55555.56"},
				// nat manages emea-north to 28 February, 59 days:
				// 36,000 × 59/90 = 23,600.
				{"member", "nat", "FY2026-Q1", "23600.00"},
				// oli manages amer from 10 February: 60,000 × 50/90.
				{"member", "oli", "FY2026-Q1", "33333.33"},
				{"member", "oli", "FY2026-M01", "0.00"},
				// February: 19 of its days, 60,000 × 19/90 = 12,666.666…;
				// March is the quarter's 33,333.33 less the 12,666.67 to
				// the end of February, so that the months add up.
				{"member", "oli", "FY2026-M02", "12666.67"},
				{"member", "oli", "FY2026-M03", "20666.66"},
			},
		},
		{
			// A month goes to the manager on its first day: mia has
			// January and February, max and oli March.
			name:  "by months, a mid-quarter handover",
			basis: targets.Months,
			get:   quotaOf,
			cases: []owned{
				{"member", "mia", "FY2026-Q1", "106666.67"},
				{"member", "max", "FY2026-Q1", "33333.33"},
				{"member", "nat", "FY2026-Q1", "24000.00"},
				{"member", "oli", "FY2026-Q1", "20000.00"},
			},
		},
		{
			// The stretch of the team managed: 120,000 × 40/90 for emea,
			// amer's 60,000 (no stretch) at its amount.
			name:  "stretch",
			basis: targets.Days,
			get:   stretchOf,
			cases: []owned{
				{"member", "mia", "FY2026-Q1", "80000.00"},
				{"member", "max", "FY2026-Q1", "66666.67"},
				{"member", "oli", "FY2026-Q1", "-"},
			},
		},
		{
			// The managers' targets are their teams': no addition to the
			// roll-up, which counts the AEs only. emea: ana, ben (in
			// emea-north) and eve, 30,000 each; cal joins in June and
			// dan is an SDR until July. Counting the managers would add
			// mia's 71,111.11, max's 55,555.56 and nat's 23,600.
			name:  "roll-ups leave managers out",
			basis: targets.Days,
			get:   rollUp,
			cases: []owned{
				{"team", "emea", "FY2026-Q1", "90000.00"},
				{"team", "emea-north", "FY2026-Q1", "30000.00"},
				// fay; gus is an SE, oli and pat manage or hold no AE
				// target.
				{"team", "amer", "FY2026-Q1", "30000.00"},
				// emea and amer without sub-teams: ana, eve, fay.
				{"channel", "direct", "FY2026-Q1", "90000.00"},
				// de is covered by emea: ana and eve.
				{"territory", "de", "FY2026-Q1", "60000.00"},
				// a role's roll-up is its holders': the managers here
				// (pat has no target).
				{"role", "mgr", "FY2026-Q1", "183600.00"},
			},
		},
		{
			name:  "the team's own target is still its target",
			basis: targets.Days,
			get:   targetOf,
			cases: []owned{
				{"team", "emea", "FY2026-Q1", "100000.00"},
				{"team", "amer", "FY2026-Q1", "60000.00"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := compile(t, managedSection(tt.basis), targets.Env{Org: newManagedOrg()})
			get := tt.get(b)
			for _, c := range tt.cases {
				got, err := get(c.kind, c.id, "bookings", c.period)
				if err != nil {
					t.Fatalf("%s %s %s: %v", c.kind, c.id, c.period, err)
				}
				if got != c.want {
					t.Errorf("%s %s %s = %s, want %s", c.kind, c.id, c.period, got, c.want)
				}
			}
		})
	}
}

// TestManagedTeamRoleTarget gives the role mgr the team's target: each
// manager carries their own team's, and pat, who holds the role but
// manages nothing, is an error.
func TestManagedTeamRoleTarget(t *testing.T) {
	sec := managedSection(targets.Days)
	sec.Quotas = append(sec.Quotas[:4], targets.Quota{Owner: "role:mgr", Measure: "bookings", Period: "FY2026-Q1", Of: targets.ManagedTeam})
	org := newManagedOrg()
	_, err := targets.Compile(sec, targets.Env{Org: org})
	if want := "quotas[4].of: pat holds role mgr but manages no team from 2026-01-01 to 2026-03-31, so the team's target gives them no quota: give pat a target of their own"; err == nil || err.Error() != want {
		t.Fatalf("Compile: %v\nwant %s", err, want)
	}
	sec.Quotas = append(sec.Quotas, quota("member:pat", "bookings", "FY2026-Q1", "5000"))
	b := compile(t, sec, targets.Env{Org: org})
	got := map[string]string{}
	for _, m := range []string{"mia", "max", "nat", "oli", "pat"} {
		got[m] = quotas(t, b, m, "bookings", "FY2026-Q1")[0]
	}
	want := map[string]string{"mia": "71111.11", "max": "55555.56", "nat": "23600.00", "oli": "33333.33", "pat": "5000.00"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// the roll-up of amer leaves out oli (a manager) but not pat
	r, _, err := b.RollUp("team", "amer", "bookings", b.Calendar().MustParse("FY2026-Q1"))
	if err != nil || r.StringFixed(2) != "35000.00" {
		t.Errorf("RollUp(team amer) = %s, %v; want 35000.00 (fay 30,000 + pat 5,000)", r, err)
	}
}

// TestManagedTeamDetail: a quota of the team managed has no ramp; its
// detail is the quota, in full.
func TestManagedTeamDetail(t *testing.T) {
	b := compile(t, managedSection(targets.Days), targets.Env{Org: newManagedOrg()})
	qd, ok, err := b.QuotaDetail("max", "bookings", b.Calendar().MustParse("FY2026-Q1"))
	if err != nil || !ok {
		t.Fatalf("QuotaDetail: %v, %v", ok, err)
	}
	if qd.Full.StringFixed(2) != "55555.56" || qd.Quota.StringFixed(2) != "55555.56" || !qd.Share.Equal(decimal.NewFromInt(1)) || qd.Ramp != nil {
		t.Errorf("QuotaDetail = %+v", qd)
	}
}

// TestManagedTeamYearAddsUp: the months of a manager's quota add up to
// the quarter's, across the handover.
func TestManagedTeamYearAddsUp(t *testing.T) {
	b := compile(t, managedSection(targets.Days), targets.Env{Org: newManagedOrg()})
	for _, m := range []string{"mia", "max", "nat", "oli"} {
		ms := quotas(t, b, m, "bookings", "FY2026-M01", "FY2026-M02", "FY2026-M03")
		sum := decimal.Zero
		for _, s := range ms {
			sum = sum.Add(dec(s))
		}
		if q := quotas(t, b, m, "bookings", "FY2026-Q1")[0]; sum.StringFixed(2) != q {
			t.Errorf("%s: months %v add up to %s, quarter %s", m, ms, sum.StringFixed(2), q)
		}
	}
}

// TestAllocationLeavesOutManagers: an even split goes to the members who
// manage no team, so the roll-up of an allocated target is the target ×
// over_assign, and the over-assignment reads right.
func TestAllocationLeavesOutManagers(t *testing.T) {
	sec := targets.Section{Quotas: []targets.Quota{
		// emea on 1 January: ana, ben, dan, eve, and the managers mia
		// and nat, who take no part: 115,000 / 4 = 28,750 each.
		quota("team:emea", "bookings", "FY2026-Q1", "100000", allocate(targets.Allocation{OverAssign: dec("1.15")})),
	}}
	b := compile(t, sec, targets.Env{Org: newManagedOrg()})
	q1 := b.Calendar().MustParse("FY2026-Q1")
	for _, m := range []string{"ana", "ben", "dan", "eve", "mia", "nat"} {
		want := "28750.00"
		if m == "mia" || m == "nat" {
			want = "-"
		}
		if got := quotas(t, b, m, "bookings", "FY2026-Q1")[0]; got != want {
			t.Errorf("Quota(%s) = %s, want %s", m, got, want)
		}
	}
	r, _, err := b.RollUp("team", "emea", "bookings", q1)
	if err != nil || r.StringFixed(2) != "115000.00" {
		t.Errorf("RollUp = %s, %v; want 115000.00", r, err)
	}
	tg, _, err := b.TargetOf("team", "emea", "bookings", q1)
	if err != nil || tg.StringFixed(2) != "100000.00" {
		t.Errorf("TargetOf = %s, %v; want 100000.00", tg, err)
	}
}

func TestManagedTeamErrors(t *testing.T) {
	of := func(owner string, opts ...func(*targets.Quota)) targets.Quota {
		q := targets.Quota{Owner: owner, Measure: "bookings", Period: "FY2026-Q1", Of: targets.ManagedTeam}
		for _, o := range opts {
			o(&q)
		}
		return q
	}
	tests := []struct {
		name string
		org  targets.Org
		sec  targets.Section
		want string
	}{
		{
			name: "manages no team",
			sec: targets.Section{Quotas: []targets.Quota{
				of("member:ana"),
				of("member:mia", from("2026-02-10")),
			}},
			want: `quotas[0].of [invalid-value] ana manages no team from 2026-01-01 to 2026-03-31, so the team's target gives them no quota: give them an amount
quotas[1].of [invalid-value] mia manages no team from 2026-02-10 to 2026-03-31, so the team's target gives them no quota: give them an amount`,
		},
		{
			// emea-north has a target from February only; nat manages it
			// from January.
			name: "a team without a target",
			sec: targets.Section{Quotas: []targets.Quota{
				of("member:nat"),
				quota("team:emea-north", "bookings", "FY2026-Q1", "36000", from("2026-02-01")),
				of("member:oli"),
				quota("team:amer", "margin", "FY2026-Q1", "1"),
			}},
			want: `quotas[0].of [invalid-value] team emea-north, which nat manages on 2026-01-01, has no bookings target of its own that day: give team:emea-north a bookings target, or nat one of their own
quotas[2].of [invalid-value] team amer, which oli manages on 2026-02-10, has no bookings target of its own that day: give team:amer a bookings target, or oli one of their own`,
		},
		{
			name: "fields that do not go with of",
			sec: targets.Section{
				Seasonality: []targets.Seasonality{saas},
				Quotas: []targets.Quota{
					{Owner: "member:mia", Measure: "bookings", Period: "FY2026", Of: targets.ManagedTeam, Amount: dec("100"), Stretch: dec("200"), Seasonality: "saas", Ramp: "ok"},
					{Owner: "team:emea", Measure: "bookings", Period: "FY2026", Of: targets.ManagedTeam},
					{Owner: "member:mia", Measure: "bookings", Period: "FY2026", Of: "managed-team"},
					{Owner: "member:max", Measure: "bookings", Period: "FY2026", Of: targets.ManagedTeam, Allocate: &targets.Allocation{}},
				},
			},
			want: `quotas[0].amount [invalid-value] of: managed_team takes the team's target as it is: drop amount (the team's target is the amount)
quotas[0].ramp [invalid-value] of: managed_team takes the team's target as it is: drop ramp
quotas[0].seasonality [invalid-value] of: managed_team takes the team's target as it is: drop seasonality (the team's target is spread by its own)
quotas[0].stretch [invalid-value] of: managed_team takes the team's target as it is: drop stretch (the team's stretch applies)
quotas[1].of [invalid-value] of: managed_team is the quota of a member or role, not of a team
quotas[2].of [invalid-value] unknown of "managed-team": want managed_team (did you mean managed_team?)
quotas[3].allocate [invalid-value] only a team, territory or channel target can be allocated to members`,
		},
		{
			name: "an organisation that does not know managers",
			org:  newOrg(),
			sec:  targets.Section{Quotas: []targets.Quota{of("member:ana")}},
			want: `quotas[0].of [invalid-value] of: managed_team needs to know who manages each team, and the organisation does not say (its Org has no ManagerOf and TeamPath: see targets.TeamManagers)`,
		},
		{
			name: "a manager's weight in an allocation",
			sec: targets.Section{Quotas: []targets.Quota{
				quota("team:emea", "bookings", "FY2026-Q1", "100000", allocate(targets.Allocation{Weights: map[string]decimal.Decimal{"ana": dec("1"), "mia": dec("1")}})),
				// max manages emea from the day the target takes effect
				quota("team:emea", "bookings", "FY2026-Q1", "90000", from("2026-02-10"), allocate(targets.Allocation{Weights: map[string]decimal.Decimal{"ana": dec("1"), "max": dec("1")}})),
				// a promotion after the day is no error: the part stays,
				// and the roll-up leaves the new manager out from then on
				quota("team:emea-north", "bookings", "FY2026-Q1", "100000", allocate(targets.Allocation{Weights: map[string]decimal.Decimal{"ben": dec("1")}})),
			}},
			want: `quotas[0].allocate.weights.mia [invalid-value] mia manages teams amer, emea on 2026-01-01, and a manager's quota is their team's number, not a part of team:emea's: leave them out of the weights (their quota can be of: managed_team)
quotas[1].allocate.weights.max [invalid-value] max manages team emea on 2026-02-10, and a manager's quota is their team's number, not a part of team:emea's: leave them out of the weights (their quota can be of: managed_team)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			org := tt.org
			if org == nil {
				org = newManagedOrg()
			}
			sec := tt.sec
			sec.Ramps = append(sec.Ramps, targets.Ramp{ID: "ok", Shares: decs("1")})
			_, err := targets.Compile(sec, targets.Env{Org: org, Measures: []string{"bookings", "margin"}})
			var list diag.List
			if !errors.As(err, &list) {
				t.Fatalf("error %v (%T) is not a diag.List", err, err)
			}
			var got []string
			for _, p := range list {
				line := p.Path + " [" + string(p.Code) + "] " + p.Message
				if p.Hint != "" {
					line += " (" + p.Hint + ")"
				}
				got = append(got, line)
			}
			if diff := cmp.Diff(lines(tt.want), got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestManagedTeamConcurrent asks for managers' quotas and roll-ups from
// several goroutines at once (run it with -race).
func TestManagedTeamConcurrent(t *testing.T) {
	b := compile(t, managedSection(targets.Days), targets.Env{Org: newManagedOrg()})
	q1 := b.Calendar().MustParse("FY2026-Q1")
	done := make(chan string)
	for _, m := range []string{"mia", "max", "nat", "oli"} {
		go func() {
			q, _, _ := b.Quota(m, "bookings", q1)
			r, _, _ := b.RollUp("team", "emea", "bookings", q1)
			done <- m + " " + q.StringFixed(2) + " " + r.StringFixed(2)
		}()
	}
	got := map[string]bool{}
	for range 4 {
		got[<-done] = true
	}
	want := map[string]bool{"mia 71111.11 90000.00": true, "max 55555.56 90000.00": true, "nat 23600.00 90000.00": true, "oli 33333.33 90000.00": true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
