package strategy

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
)

// header is the smallest valid document; cases append to it.
const header = `version: 1
name: Test
currency: USD
`

// org is a small valid organisation the cases break in one place each.
const org = header + `channels:
  - {id: direct, kind: direct}
territories:
  - {id: world}
  - {id: amer, parent: world}
roles:
  - {id: ae}
teams:
  - {id: sales, manager: grace, territories: [world]}
  - {id: amer, parent: sales, manager: omar, channels: [direct]}
members:
  - id: grace
    assignments: [{team: sales}]
  - id: omar
    assignments: [{team: amer, from: 2026-01-01}]
  - id: ana
    role: ae
    assignments:
      - {team: amer, from: 2026-01-01, to: 2026-06-30}
      - {team: sales, from: 2026-07-01}
`

func TestParseValid(t *testing.T) {
	if _, err := Parse("t.yaml", []byte(org)); err != nil {
		t.Fatalf("Parse: %v", err)
	}
}

// TestParseErrors checks the exact text and position of every kind of
// problem a document can have.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string // one problem a line, as Error() prints it
		code diag.Code
	}{
		{
			name: "empty",
			doc:  "",
			want: []string{"t.yaml: the document is empty"},
			code: diag.Missing,
		},
		{
			name: "syntax",
			doc:  "version: 1\nname: [unclosed\n",
			want: []string{"t.yaml:2: not valid YAML: did not find expected ',' or ']'"},
			code: diag.Syntax,
		},
		{
			name: "two documents",
			doc:  header + "---\nname: other\n",
			want: []string{"t.yaml:4:1: a file holds one document; this one has another after ---"},
			code: diag.Syntax,
		},
		{
			name: "not a mapping",
			doc:  "- version\n",
			want: []string{"t.yaml:1:1: want a mapping of keys to values, got a list"},
			code: diag.WrongType,
		},
		{
			name: "unknown key with hint",
			doc:  header + "currnecy: EUR\n",
			want: []string{"t.yaml:4:1: currnecy: unknown key currnecy (did you mean currency?)"},
			code: diag.UnknownKey,
		},
		{
			name: "unknown key without a near name",
			doc:  header + "channels:\n  - {id: a, kind: direct, colour: red}\n",
			want: []string{"t.yaml:5:27: channels[0].colour: unknown key colour (known keys: id, name, kind, attrs)"},
			code: diag.UnknownKey,
		},
		{
			name: "duplicate key",
			doc:  header + "name: Again\n",
			want: []string{"t.yaml:4:1: name: key name is given twice"},
			code: diag.DuplicateKey,
		},
		{
			name: "missing version and name",
			doc:  "currency: USD\n",
			want: []string{
				"t.yaml:1:1: name: missing name of the strategy",
				"t.yaml:1:1: version: missing version: start the document with version: 1",
			},
			code: diag.Missing,
		},
		{
			name: "unsupported version",
			doc:  "version: 2\nname: T\ncurrency: USD\n",
			want: []string{"t.yaml:1:10: version: unsupported version 2: this salesplan reads version 1"},
			code: diag.InvalidValue,
		},
		{
			name: "version not a number",
			doc:  "version: one\nname: T\ncurrency: USD\n",
			want: []string{"t.yaml:1:10: version: want a whole number, got \"one\""},
			code: diag.WrongType,
		},
		{
			name: "bad currency",
			doc:  "version: 1\nname: T\ncurrency: usd\n",
			want: []string{"t.yaml:3:11: currency: invalid currency \"usd\": want a three-letter ISO 4217 code such as USD (did you mean USD?)"},
			code: diag.InvalidValue,
		},
		{
			// A value that does not decode stops before validation, so
			// that no problem is reported twice.
			name: "bad rounding",
			doc:  "version: 1\nname: T\ncurrency: usd\nrounding: nearest\n",
			want: []string{"t.yaml:4:11: rounding: unknown rounding \"nearest\" (want half-even, half-up, half-down, down, up, ceiling or floor)"},
			code: diag.InvalidValue,
		},
		{
			name: "bad month",
			doc:  header + "calendar:\n  start_month: Febuary\n",
			want: []string{"t.yaml:5:16: calendar.start_month: want a month (January to December, or 1 to 12), got \"Febuary\" (did you mean February?)"},
			code: diag.InvalidValue,
		},
		{
			name: "bad date",
			doc:  header + "teams: [{id: t}]\nmembers:\n  - {id: m, assignments: [{team: t, from: 2026-02-30}]}\n",
			want: []string{`t.yaml:6:43: members[0].assignments[0].from: invalid date "2026-02-30": no such day`},
			code: diag.InvalidValue,
		},
		{
			name: "attribute type",
			doc:  header + "attributes:\n  - {name: segment, type: strng}\n  - {name: segment, type: string}\n",
			want: []string{
				`t.yaml:5:27: attributes[0].type: unknown attribute type "strng" (want string, decimal, integer, boolean, date or [string]) (did you mean string?)`,
				"t.yaml:6:12: attributes[1].name: attribute segment is declared twice (first at attributes[0])",
			},
			code: diag.InvalidValue,
		},
		{
			name: "duplicate ids",
			doc:  header + "roles:\n  - {id: ae}\n  - {id: ae}\n",
			want: []string{`t.yaml:6:10: roles[1].id: duplicate role id "ae" (first used by roles[0])`},
			code: diag.DuplicateID,
		},
		{
			name: "missing and malformed ids",
			doc:  header + "roles:\n  - {name: AE}\n  - {id: 'a e'}\n",
			want: []string{
				"t.yaml:5:5: roles[0].id: missing role id",
				`t.yaml:6:10: roles[1].id: invalid role id "a e": use letters, digits, _, . and -, starting with a letter or digit`,
			},
			code: diag.Missing,
		},
		{
			name: "channel kind",
			doc:  header + "channels:\n  - {id: web, kind: drect}\n  - {id: p}\n",
			want: []string{
				`t.yaml:5:21: channels[0].kind: unknown channel kind "drect": want direct or indirect (did you mean direct?)`,
				"t.yaml:6:5: channels[1].kind: missing channel kind (direct or indirect)",
			},
			code: diag.InvalidValue,
		},
		{
			name: "dangling references",
			doc: strings.Replace(strings.Replace(strings.Replace(org,
				"manager: omar", "manager: omr", 1),
				"channels: [direct]", "channels: [drect]", 1),
				"role: ae", "role: sdr", 1),
			want: []string{
				`t.yaml:13:40: teams[1].manager: manager "omr" is not a member (did you mean omar?)`,
				`t.yaml:13:56: teams[1].channels[0]: unknown channel "drect" (did you mean direct?)`,
				`t.yaml:20:11: members[2].role: unknown role "sdr"`,
			},
			code: diag.UnknownRef,
		},
		{
			name: "unknown team of an assignment",
			doc:  strings.Replace(org, "{team: sales, from: 2026-07-01}", "{team: sale, from: 2026-07-01}", 1),
			want: []string{`t.yaml:23:16: members[2].assignments[1].team: unknown team "sale" (did you mean sales?)`},
			code: diag.UnknownRef,
		},
		{
			name: "team cycle",
			doc:  header + "teams:\n  - {id: a, parent: c}\n  - {id: b, parent: a}\n  - {id: c, parent: b}\n  - {id: d, parent: d}\n",
			want: []string{
				"t.yaml:5:21: teams[0].parent: team a is its own ancestor: a → c → b → a",
				"t.yaml:8:21: teams[3].parent: team d is its own ancestor: d → d",
			},
			code: diag.Cycle,
		},
		{
			name: "team changes",
			doc: header + `channels: [{id: direct, kind: direct}]
territories: [{id: world}]
teams:
  - {id: sales, manager: grace}
  - id: amer
    parent: sales
    changes:
      - {from: 2027-03-01, manager: omr}
      - {from: 2027-02-01, parent: sale}
      - {from: 2027-03-01, channels: [drect], territories: [wrld]}
      - {from: 2027-04-01}
      - {from: 2027-04-01, manager: grace}
      - {manager: grace}
members:
  - {id: grace, assignments: [{team: sales}]}
  - {id: omar, assignments: [{team: amer}]}
`,
			want: []string{
				`t.yaml:11:37: teams[1].changes[0].manager: manager "omr" is not a member (did you mean omar?)`,
				"t.yaml:12:16: teams[1].changes[1].from: change of team amer on 2027-02-01 is listed after one on 2027-03-01 (changes[0]): list changes in date order",
				`t.yaml:12:36: teams[1].changes[1].parent: unknown parent team "sale" (did you mean sales?)`,
				"t.yaml:13:16: teams[1].changes[2].from: team amer has two changes on 2027-03-01 (changes[0] and changes[2]): give one change a day",
				`t.yaml:13:39: teams[1].changes[2].channels[0]: unknown channel "drect" (did you mean direct?)`,
				`t.yaml:13:61: teams[1].changes[2].territories[0]: unknown territory "wrld" (did you mean world?)`,
				"t.yaml:14:9: teams[1].changes[3]: change of team amer on 2027-04-01 sets nothing: give a parent, manager, channels or territories",
				"t.yaml:15:16: teams[1].changes[4].from: team amer has two changes on 2027-04-01 (changes[3] and changes[4]): give one change a day",
				"t.yaml:16:9: teams[1].changes[5].from: missing from: the first day the change is in force",
			},
			code: diag.DateOrder,
		},
		{
			// b and c swap places on 1 February, which makes a loop; d
			// becomes its own parent; e and f point at each other once
			// f's change of 1 March and e's of 1 April are both in force.
			name: "team cycle on a date",
			doc: header + `teams:
  - {id: a}
  - id: b
    parent: a
    changes: [{from: 2027-02-01, parent: c}]
  - id: c
    parent: a
    changes: [{from: 2027-02-01, parent: b}]
  - id: d
    changes: [{from: 2027-03-01, parent: d}]
  - id: e
    parent: a
    changes: [{from: 2027-04-01, parent: f}]
  - id: f
    parent: a
    changes: [{from: 2027-03-01, parent: e}]
`,
			want: []string{
				"t.yaml:8:42: teams[1].changes[0].parent: on 2027-02-01 team b is its own ancestor: b → c → b",
				"t.yaml:13:42: teams[3].changes[0].parent: on 2027-03-01 team d is its own ancestor: d → d",
				"t.yaml:16:42: teams[4].changes[0].parent: on 2027-04-01 team e is its own ancestor: e → f → e",
			},
			code: diag.Cycle,
		},
		{
			name: "territory cycle",
			doc:  header + "territories:\n  - {id: x, parent: y}\n  - {id: y, parent: x}\n",
			want: []string{"t.yaml:5:21: territories[0].parent: territory x is its own ancestor: x → y → x"},
			code: diag.Cycle,
		},
		{
			name: "from after to",
			doc:  strings.Replace(org, "to: 2026-06-30", "to: 2025-06-30", 1),
			want: []string{"t.yaml:22:44: members[2].assignments[0].to: assignment ends on 2025-06-30, before it starts on 2026-01-01"},
			code: diag.DateOrder,
		},
		{
			name: "two teams on one day",
			doc:  strings.Replace(org, "{team: sales, from: 2026-07-01}", "{team: sales, from: 2026-06-30}", 1),
			want: []string{"t.yaml:23:9: members[2].assignments[1]: member ana is in two teams on 2026-06-30: amer (assignments[0]) and sales"},
			code: diag.Overlap,
		},
		{
			name: "open-ended assignments overlap",
			doc:  header + "teams: [{id: a}, {id: b}]\nmembers:\n  - id: m\n    assignments: [{team: a}, {team: b, from: 2026-03-01}]\n",
			want: []string{"t.yaml:7:30: members[0].assignments[1]: member m is in two teams on 2026-03-01: a (assignments[0]) and b"},
			code: diag.Overlap,
		},
		{
			name: "merge keys",
			doc:  header + "roles:\n  - &r {id: ae}\n  - <<: *r\n",
			want: []string{"t.yaml:6:5: roles[1]: YAML merge keys (<<) are not supported; repeat the values or use an alias for the whole value"},
			code: diag.Unsupported,
		},
		{
			name: "custom tag",
			doc:  header + "name2: !secret x\n",
			want: []string{"t.yaml:4:1: name2: unknown key name2 (did you mean name?)"},
			code: diag.UnknownKey,
		},
		{
			name: "wrong kinds",
			doc:  header + "roles: {id: ae}\nteams:\n  - id: [a]\n",
			want: []string{
				"t.yaml:4:8: roles: want a list, got a mapping",
				"t.yaml:6:9: teams[0].id: want a single value, got a list",
			},
			code: diag.WrongType,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("t.yaml", []byte(tt.doc))
			if err == nil {
				t.Fatalf("Parse succeeded, want errors")
			}
			if s != nil {
				t.Errorf("Parse returned a Strategy with an error")
			}
			got := strings.Split(err.Error(), "\n")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if !errors.Is(err, tt.code) {
				t.Errorf("errors.Is(err, %s) = false", tt.code)
			}
			var list diag.List
			if !errors.As(err, &list) {
				t.Errorf("errors.As(err, *diag.List) = false")
			}
		})
	}
}

// TestNewMatchesParse checks that a document built in Go gets the same
// problems as its YAML form, by path, without positions.
func TestNewMatchesParse(t *testing.T) {
	doc := Document{
		Version:  1,
		Name:     "Go",
		Currency: "EUR",
		Organisation: Organisation{
			Teams: []Team{{ID: "a", Manager: "nobody", Changes: []TeamChange{
				{From: calendar.MustParseDate("2027-02-01"), Manager: new("nobody2")},
				{From: calendar.MustParseDate("2027-02-01"), Parent: new("a")},
			}}},
			Members: []Member{{ID: "m", Assignments: []Assignment{{Team: "b"}}}},
		},
	}
	_, err := New(doc)
	want := []string{
		`members[0].assignments[0].team: unknown team "b"`,
		`teams[0].changes[0].manager: manager "nobody2" is not a member`,
		`teams[0].changes[1].from: team a has two changes on 2027-02-01 (changes[0] and changes[1]): give one change a day`,
		`teams[0].manager: manager "nobody" is not a member`,
	}
	if err == nil {
		t.Fatal("New succeeded")
	}
	if diff := cmp.Diff(want, strings.Split(err.Error(), "\n")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestJSONDocument(t *testing.T) {
	src := `{"version": 1, "name": "J", "currency": "USD",
  "teams": [{"id": "a"}],
  "members": [{"id": "m", "assignments": [{"team": "a", "from": "2026-01-01"}]}]}`
	s, err := Parse("t.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Summary().String(); got != "0 channels, 0 territories, 0 roles, 1 team, 1 member, 0 deal attributes, 0 targets, 0 sales processes, 0 measures, 0 plans" {
		t.Errorf("Summary = %q", got)
	}
	_, err = Parse("t.json", []byte(`{"version": 1, "name": "J", "currency": "USD", "teams": [{"id": "a", "manger": "m"}]}`))
	if err == nil || err.Error() != "t.json:1:70: teams[0].manger: unknown key manger (did you mean manager?)" {
		t.Errorf("err = %v", err)
	}
}

func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString(header + "x0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n")
	for i := 1; i < 12; i++ {
		b.WriteString("x" + string(rune('0'+i%10)) + string(rune('a'+i)) + ": &a" + string(rune('a'+i)) + " [")
		prev := "a0"
		if i > 1 {
			prev = "a" + string(rune('a'+i-1))
		}
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*" + prev)
		}
		b.WriteString("]\n")
	}
	_, err := Parse("bomb.yaml", []byte(b.String()))
	if err == nil {
		t.Fatal("Parse of an alias bomb succeeded")
	}
}

// TestExpressionErrors checks that an error inside an expression of the
// commission section is reported at its line and column in the document,
// for plain, quoted and block scalars.
func TestExpressionErrors(t *testing.T) {
	const comm = header + `roles: [{id: ae}]
commission:
  measures: [{id: bookings}]
  plans:
    - id: ae
      eligible: {roles: [ae]}
      components:
        - id: plain
          measure: bookings
          rate: deal.amout * 0.01
        - id: quoted
          measure: bookings
          when: "deal.channel == 'x' && deal.stag == 'won'"
          rate: "0.1"
        - id: block
          measure: bookings
          amount: |
            measure.bookings > 100
              ? measure.bokings * 0.1
              : 0
        - id: bad-ref
          per: period
          amount: attainment.booking * 100
`
	_, err := Parse("t.yaml", []byte(comm))
	if err == nil {
		t.Fatal("Parse succeeded")
	}
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("%T is not a diag.List", err)
	}
	var got []string
	for _, p := range list {
		got = append(got, fmt.Sprintf("%s: %s: %s (%s)", p.Pos, p.Path, p.Message, p.Hint))
	}
	want := []string{
		"t.yaml:13:22: commission.plans[0].components[0].rate: unknown field amout of deal (did you mean amount?)",
		"t.yaml:16:46: commission.plans[0].components[1].when: unknown field stag of deal (did you mean stage?)",
		"t.yaml:22:25: commission.plans[0].components[2].amount: unknown measure bokings in measure.bokings (did you mean bookings?)",
		"t.yaml:26:30: commission.plans[0].components[3].amount: unknown measure booking in attainment.booking (did you mean bookings?)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
