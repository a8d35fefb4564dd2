package peerbench

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// Template is the peer plan in salesplan's strategy language
// (testdata/plan.yaml): everything but the organisation, the quotas and
// the reps' target incentives, which [WriteStrategy] adds from the payees.
//
//go:embed testdata/plan.yaml
var Template []byte

// PeriodID is the period the peer plan pays: Q1 2027 of a calendar fiscal
// year.
const PeriodID = "FY2027-Q1"

// The ids the template and the converter agree on.
const (
	repRole     = "rep"
	managerRole = "manager"
	topTeam     = "sales"
	quotaOn     = "bookings"
	joined      = "2027-01-01" // every payee is in place all quarter
)

// MemberID returns the strategy's member id of a payee.
func MemberID(payee int) string { return strconv.Itoa(payee) }

// teamID returns the id of the team a manager manages.
func teamID(manager int) string { return "t" + strconv.Itoa(manager) }

// WriteStrategy writes the strategy document of the peer plan for payees:
// template (normally [Template]) with, added, one team per manager (below
// the team "sales", managed by them), every payee as a member from
// 2027-01-01 (managers in "sales" with the role manager, reps in their
// manager's team with the role rep), each rep's quota of bookings for
// FY2027-Q1, and each rep's target incentive as their terms
// (members[].terms: target_incentive alone, the quarter's, as payees.csv
// gives it), which the cap C5 reads as payee.target_incentive.
//
// The template's comments are kept. The lists it leaves empty (members,
// targets.quotas) are replaced; the teams are appended to its own.
//
// A rep with a target incentive of 0.00 is an error: salesplan's terms
// read a zero as "not given" (commission.MemberTerms), so the document
// could not give that rep's cap of 0.
func WriteStrategy(w io.Writer, template []byte, payees []Payee) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(template, &doc); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return fmt.Errorf("template: not a YAML mapping")
	}
	root := doc.Content[0]
	teams, err := sequenceAt(root, "teams")
	if err != nil {
		return err
	}
	members, err := sequenceAt(root, "members")
	if err != nil {
		return err
	}
	targets, err := mappingAt(root, "targets")
	if err != nil {
		return err
	}
	quotas, err := sequenceAt(targets, "quotas")
	if err != nil {
		return err
	}
	members.Content, quotas.Content = nil, nil
	members.Style, quotas.Style = 0, 0
	members.LineComment, quotas.LineComment = "", ""

	sorted := slices.Clone(payees)
	slices.SortFunc(sorted, func(a, b Payee) int { return a.ID - b.ID })
	for _, p := range sorted {
		id := MemberID(p.ID)
		if !p.IsRep() {
			teams.Content = append(teams.Content, flowMap(
				"id", plain(teamID(p.ID)), "name", plain(fmt.Sprintf("Team %d", p.Team)),
				"parent", plain(topTeam), "manager", quoted(id)))
			members.Content = append(members.Content, member(id, managerRole, topTeam))
			continue
		}
		if decimal.RequireFromString(p.TI).IsZero() {
			return fmt.Errorf("rep %d has a target incentive of %s: salesplan's terms cannot give a zero target incentive", p.ID, p.TI)
		}
		m := member(id, repRole, teamID(p.ManagerID))
		m.Content = append(m.Content, plain("terms"), &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: []*yaml.Node{
			flowMap("target_incentive", number(p.TI))}})
		members.Content = append(members.Content, m)
		quotas.Content = append(quotas.Content, flowMap(
			"owner", plain("member:"+id), "measure", plain(quotaOn), "period", plain(PeriodID), "amount", number(p.Quota)))
	}
	bw := bufio.NewWriter(w)
	enc := yaml.NewEncoder(bw)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

func member(id, role, team string) *yaml.Node {
	return flowMap("id", quoted(id), "role", plain(role),
		"assignments", &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: []*yaml.Node{
			flowMap("team", plain(team), "from", plain(joined))}})
}

func valueAt(m *yaml.Node, key string) *yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func sequenceAt(m *yaml.Node, key string) (*yaml.Node, error) {
	v := valueAt(m, key)
	if v == nil || v.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("template: %s is not a list", key)
	}
	return v, nil
}

func mappingAt(m *yaml.Node, key string) (*yaml.Node, error) {
	v := valueAt(m, key)
	if v == nil || v.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("template: %s is not a mapping", key)
	}
	return v, nil
}

func plain(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// quoted is a string that YAML would otherwise read as a number (a member
// id such as "12").
func quoted(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle}
}

// number is a decimal written as it was read, so that it stays exact.
func number(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: s} }

func flowMap(kv ...any) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	for i := 0; i+1 < len(kv); i += 2 {
		n.Content = append(n.Content, plain(kv[i].(string)), kv[i+1].(*yaml.Node))
	}
	return n
}

// DealsHeader is the header of the deals file [WriteDeals] writes.
const DealsHeader = "id,date,amount,currency,owner,product,splits,term_months,is_new_logo"

// WriteDeals writes deals as a salesplan deals file (deal.ReadCSV's
// columns, with the custom attributes term_months and is_new_logo): the
// close date is the deal's date, the currency USD, and a split deal has
// the splits owner:0.6;partner:0.4 (PLAN.md §3).
//
// Deal ids are zero-padded to the width of the largest, so that
// salesplan, which orders a payee's credits by date and then by id as a
// string, processes them in PLAN.md §4's order (close date, then id as a
// number); [DealID] reads them back.
//
// Owners and split partners must be reps of payees, and a deal's partner
// not its owner: PLAN.md §1 calls any other input invalid, and salesplan
// would credit a manager without complaint.
func WriteDeals(w io.Writer, deals []Deal, payees []Payee) error {
	rep := make(map[int]bool, len(payees))
	for _, p := range payees {
		rep[p.ID] = p.IsRep()
	}
	width := 1
	for _, d := range deals {
		width = max(width, len(strconv.FormatInt(d.ID, 10)))
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(DealsHeader + "\n")
	buf := make([]byte, 0, 128)
	for _, d := range deals {
		if !rep[d.Owner] {
			return fmt.Errorf("deal %d: owner %d is not a rep", d.ID, d.Owner)
		}
		if d.SplitWith != 0 && (!rep[d.SplitWith] || d.SplitWith == d.Owner) {
			return fmt.Errorf("deal %d: split_with %d is not a rep other than the owner", d.ID, d.SplitWith)
		}
		buf = appendPadded(buf[:0], d.ID, width)
		buf = append(buf, ',')
		buf = append(buf, d.CloseDate...)
		buf = append(buf, ',')
		buf = append(buf, d.Amount...)
		buf = append(buf, ",USD,"...)
		buf = strconv.AppendInt(buf, int64(d.Owner), 10)
		buf = append(buf, ',')
		buf = append(buf, d.Product...)
		buf = append(buf, ',')
		if d.SplitWith != 0 {
			buf = strconv.AppendInt(buf, int64(d.Owner), 10)
			buf = append(buf, ":0.6;"...)
			buf = strconv.AppendInt(buf, int64(d.SplitWith), 10)
			buf = append(buf, ":0.4"...)
		}
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(d.Term), 10)
		buf = append(buf, ',')
		buf = strconv.AppendBool(buf, d.NewLogo)
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func appendPadded(buf []byte, n int64, width int) []byte {
	s := strconv.FormatInt(n, 10)
	for i := len(s); i < width; i++ {
		buf = append(buf, '0')
	}
	return append(buf, s...)
}

// DealID reads back a deal id that [WriteDeals] wrote.
func DealID(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("deal id %q is not a peer deal id", s)
	}
	return n, nil
}
