package report

import (
	"testing"

	"github.com/salesplan/salesplan/commission"
)

func TestWords(t *testing.T) {
	names := Names{Measures: map[string]string{"bookings": "Bookings", "new_logos": "New logos"}}
	sl := func(band int, bound, from, to, rate, amount string) commission.Slice {
		return commission.Slice{Band: band, Bound: dec(bound), From: dec(from), To: dec(to), Rate: dec(rate), Amount: dec(amount)}
	}
	amt := commission.Amount
	tests := []struct {
		name string
		line commission.Line
		want string
	}{
		{"straddle", withExpl(commission.Line{Kind: "direct", Base: dec("10900"), Amount: dec("1016.57"),
			Pricing: &commission.Pricing{Basis: amt, Slices: []commission.Slice{sl(0, "0", "230403.90", "240000", "0.08", "767.688"), sl(1, "240000", "240000", "241303.90", "0.12", "156.468")}}}, "(running bookings 230,403.90 to 241,303.90: 9,596.10 x 8% (table ae-rates, band 0.00+, slice 230,403.90-240,000.00) + 1,303.90 x 12% (table ae-rates, band 240,000.00+, slice 240,000.00-241,303.90)) x 1.1 (multiplier deal.attrs.term_months >= 24 ? 1.1 : 1) = 1,016.5716, rounded half-even = 1,016.57"),
			"The part of this deal between 230,403.90 and 240,000.00 earns 8%; the rest earns 12%, times 1.1 (a multiplier of the plan)"},
		{"one band", withExpl(commission.Line{Kind: "split", Base: dec("978.57"), Amount: dec("78.29"),
			Pricing: &commission.Pricing{Basis: amt, Slices: []commission.Slice{sl(0, "0", "0", "978.57", "0.08", "78.2856")}}}, "running bookings 0.00 to 978.57: 978.57 x 8% (table ae-rates, band 0.00+, slice 0.00-978.57) = 78.2856, rounded half-even = 78.29"),
			"Your share of this deal earns 8% (it took your bookings from 0.00 to 978.57)"},
		{"return", withExpl(commission.Line{Kind: "direct", Base: dec("-2642.86"), Amount: dec("-317.14"),
			Pricing: &commission.Pricing{Basis: amt, Slices: []commission.Slice{sl(1, "240000", "287708.57", "290351.43", "0.12", "-317.1432")}}}, "running bookings 290,351.43 to 287,708.57: 2,642.86 x 12% (table ae-rates, band 240,000.00+, slice 287,708.57-290,351.43) = -317.1432, rounded half-even = -317.14"),
			"This return takes back 12% (it took your bookings back from 290,351.43 to 287,708.57)"},
		{"per deal, two bands", commission.Line{Kind: "direct", Base: dec("30000"), Amount: dec("1100"),
			Pricing: &commission.Pricing{Basis: amt, Slices: []commission.Slice{sl(0, "0", "0", "20000", "0.03", "600"), sl(1, "20000", "20000", "30000", "0.05", "500")}}},
			"The part of this deal between 0.00 and 20,000.00 earns 3%; the rest earns 5%"},
		{"step", commission.Line{Kind: "direct", Amount: dec("500"),
			Pricing: &commission.Pricing{Basis: amt, Slices: []commission.Slice{sl(2, "50000", "0", "60000", "0", "500")}}},
			"This deal reaches the band from 50,000.00, which pays 500.00"},
		{"step, upper bounds", withExpl(commission.Line{Kind: "direct", Amount: dec("500"),
			Pricing: &commission.Pricing{Basis: amt, Slices: []commission.Slice{sl(1, "25000", "0", "75000", "0", "500")}}}, "500.00 (table new-logo-spif, band above 25,000.00) = 500.00"),
			"This deal is above 25,000.00, in the band that pays 500.00"},
		{"below the table", commission.Line{Kind: "direct", Amount: dec("0"),
			Pricing: &commission.Pricing{Basis: amt, Slices: []commission.Slice{sl(-1, "0", "0", "100", "0", "0")}}},
			"This deal is below the table's first band: it earns nothing"},
		{"curve at attainment", commission.Line{Kind: "period", Base: dec("20000"), Rate: dec("1.1"), Amount: dec("22000"),
			Pricing: &commission.Pricing{Basis: commission.Attainment, Slices: []commission.Slice{sl(1, "1", "1.125", "1.125", "1.1", "22000")}}},
			"At 112.5% attainment the rate is 110%, on 20,000.00"},
		{"rate", withExpl(commission.Line{Kind: "rollup", Base: dec("12000"), Rate: dec("0.02"), Amount: dec("240")}, "12,000.00 x 2% = 240.00"),
			"This deal of your team earns 2% of 12,000.00"},
		{"minimum", withExpl(commission.Line{Kind: "direct", Base: dec("100"), Rate: dec("0.05"), Amount: dec("50")}, "100.00 x 5% = 5.00, raised to the minimum of 50.00 = 50.00"),
			"This deal earns 5% of 100.00, raised to the minimum of 50.00"},
		{"conversion", commission.Line{Kind: "direct", Base: dec("1083.20"), Rate: dec("0.1"), Amount: dec("108.32"),
			Conversion: &commission.Conversion{From: "EUR", Amount: dec("1000"), Rate: dec("1.0832"), To: "USD", Converted: dec("1083.20")}},
			"This deal earns 10% of 1,083.20; the deal's 1,000.00 EUR is 1,083.20 USD at 1.0832"},
		{"fixed", withExpl(commission.Line{Kind: "direct", Deal: "D1", Amount: dec("250")}, "250 = 250.00"), "This deal pays a fixed amount"},
		{"period amount", withExpl(commission.Line{Kind: "period", Amount: dec("15500")}, "measure.new_logos * params.new_logo_bonus (measure.new_logos = 31, params.new_logo_bonus = 500.00) = 15,500.00"),
			"New logos × new logo bonus, where New logos = 31 and new logo bonus = 500.00: 15,500.00"},
		{"pool equal", commission.Line{Kind: "pool", Base: dec("5000"), Rate: dec("0.2"), Amount: dec("1000"),
			Pool: &commission.PoolShare{Team: "emea", Pool: dec("5000"), Distribute: "equal", Members: 5, Weight: dec("1"), TotalWeight: dec("5")}},
			"Team emea's pool of 5,000.00 is shared equally among 5: your share is 1,000.00"},
		{"pool by bookings", commission.Line{Kind: "pool", Base: dec("1000"), Rate: dec("0.4444"), Amount: dec("444.45"),
			Pool: &commission.PoolShare{Team: "emea", Pool: dec("1000"), Distribute: "measure.bookings", Members: 5, Weight: dec("400000"), TotalWeight: dec("900000")}},
			"Team emea's pool of 1,000.00 is shared by bookings among 5: yours is 400,000.00 of 900,000.00, so your share is 444.45"},
		{"pool not paid", commission.Line{Kind: "pool", Base: dec("2000"),
			Pool: &commission.PoolShare{Team: "emea", Pool: dec("2000"), Distribute: "target_incentive", Members: 3}},
			"Team emea's pool of 2,000.00 is not paid: none of the 3 who share it has any target incentive"},
		{"gate", withExpl(commission.Line{Kind: "gate"}, "gate closed: attainment.bookings >= 1 is false (attainment.bookings = 80%)"),
			"Nothing is paid unless attainment of Bookings at least 100%; attainment of Bookings = 80%"},
		{"plan cap", withExpl(commission.Line{Kind: "cap", Amount: dec("-1000")}, "plan cap of 60,000.00: earned 61,000.00, 1,000.00 withheld"),
			"The plan cap is 60,000.00: 61,000.00 was earned, so 1,000.00 is withheld"},
		{"retro", withExpl(commission.Line{Kind: "retro", Amount: dec("40")}, "re-priced at 12% (table ae, band 100%+ reached by the period total of 250,000.00): 2,000.00 x 12% = 240.00, less 200.00 paid = 40.00"),
			"The period's total of 250,000.00 reached 12%, so earlier deals are paid at 12%: 240.00, less the 200.00 already earned"},
		{"unknown words kept", withExpl(commission.Line{Kind: "period"}, "something new"), "Something new"},
		{"nothing", commission.Line{Kind: "period"}, ""},
	}
	w := words{names: names}
	for _, tt := range tests {
		if got := w.line(tt.line); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

// withExpl returns l with the explanation text.
func withExpl(l commission.Line, text string) commission.Line {
	l.SetExplanation(text)
	return l
}
