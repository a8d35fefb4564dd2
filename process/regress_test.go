package process

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/deal"
)

// TestReopenStillChecksTheStageEntered is the regression test for a
// reopened deal (allow_reopen) skipping every check of the stage it
// enters.
func TestReopenStillChecksTheStageEntered(t *testing.T) {
	b, err := Compile(Section{Processes: []ProcessDef{{ID: "p", AllowReopen: true, Stages: []StageDef{
		{ID: "open", Probability: dec("0.2")},
		{ID: "won", Probability: dec("1"), Outcome: Won, Entry: "deal.amount > 0", Required: []string{"close_date"}},
		{ID: "lost", Outcome: Lost},
	}}}}, Config{})
	if err != nil {
		t.Fatal(err)
	}
	d := deal.Deal{ID: "D1", Amount: dec("-5"), Stage: "lost"}
	got, err := b.CheckMove(&d, "lost", "won")
	if err != nil {
		t.Fatal(err)
	}
	want := []Violation{
		{Rule: "entry", Stage: "won", Message: "entry criteria of stage won not met: deal.amount > 0"},
		{Rule: "required", Stage: "won", Message: "close_date is required in stage won"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestLosingIsAlwaysPossible is the regression test for a deal that could
// not be marked lost because it failed its stage's exit criteria or a
// global policy.
func TestLosingIsAlwaysPossible(t *testing.T) {
	b := testBook(t)
	d := big()
	d.Product = ""
	d.Attrs = d.Attrs.With("discount", dec("0.25"))
	vs, err := b.CheckMove(&d, "qualification", "lost")
	if err != nil || len(vs) != 0 {
		t.Errorf("CheckMove to lost = %v, %v; want no violations", vs, err)
	}
}
