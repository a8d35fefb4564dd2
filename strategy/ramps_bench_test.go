package strategy

import "testing"

// BenchmarkRamps measures the ramped quotas a payout looks up for every
// member and measure (Strategy.Payout's Input.Ramps), with 1,000 reps.
func BenchmarkRamps(b *testing.B) {
	s, _ := northwindAtScale(b, 1000, 0)
	p := s.Calendar().MustParse("FY2027-Q1")
	for b.Loop() {
		if _, err := s.ramps(p); err != nil {
			b.Fatal(err)
		}
	}
}
