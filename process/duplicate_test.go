package process

import (
	"strconv"
	"testing"

	"github.com/salesplan/salesplan/calendar"
)

// TestDuplicateOpenDeals is the regression test of two open deals with
// one id: the pipeline and the forecast counted both, pipeline invented.
func TestDuplicateOpenDeals(t *testing.T) {
	b := testBook(t)
	deals := append(pipelineDeals(), pipelineDeals()[0])
	want := "deals[" + strconv.Itoa(len(deals)-1) + "].id: deal " + deals[0].ID + ": duplicate deal id (also deals[0])"
	if _, err := b.Pipeline(deals, PipelineOptions{}); err == nil || err.Error() != want {
		t.Errorf("pipeline: err = %v, want %s", err, want)
	}
	q1 := calendar.Calendar{}.MustParse("FY2026-Q1")
	if _, err := b.Forecast(deals, q1, Scope{Kind: Member, ID: "ann"}, nil, ""); err == nil || err.Error() != want {
		t.Errorf("forecast: err = %v, want %s", err, want)
	}
	if _, err := b.Pipeline(deals[:len(deals)-1], PipelineOptions{}); err != nil {
		t.Errorf("without the duplicate: %v", err)
	}
}
