package rules

import (
	"testing"

	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// benchEnv is the environment of a per-credit commission rule.
type benchEnv struct {
	Deal   deal.Deal       `expr:"deal"`
	Amount decimal.Decimal `expr:"amount"`
	Rate   decimal.Decimal `expr:"rate"`
}

var (
	benchAmounts = []decimal.Decimal{
		decimal.RequireFromString("7500.00"),
		decimal.RequireFromString("25000.00"),
		decimal.RequireFromString("120000.00"),
	}
	benchRate   = decimal.RequireFromString("0.08")
	benchSplits = []deal.Split{{Member: "ana", Share: decimal.RequireFromString("0.6")}, {Member: "bo", Share: decimal.RequireFromString("0.4")}}
	sink        decimal.Decimal
)

func benchEnvs() []benchEnv {
	envs := make([]benchEnv, len(benchAmounts))
	for i, a := range benchAmounts {
		envs[i] = benchEnv{Deal: deal.Deal{ID: "D-1", Amount: a, Splits: benchSplits}, Amount: a, Rate: benchRate}
	}
	return envs
}

// BenchmarkRule compares each compiled rule with the same computation
// written by hand with shopspring/decimal, in the same run.
func BenchmarkRule(b *testing.B) {
	var (
		b10k, b50k       = decimal.NewFromInt(10000), decimal.NewFromInt(50000)
		r003, r005, r007 = decimal.RequireFromString("0.03"), decimal.RequireFromString("0.05"), decimal.RequireFromString("0.07")
		cap5k            = decimal.NewFromInt(5000)
	)
	cases := []struct {
		name string
		src  string
		hand func(e *benchEnv) decimal.Decimal
	}{
		{"rate", "deal.amount * rate", func(e *benchEnv) decimal.Decimal { return e.Deal.Amount.Mul(e.Rate) }},
		{"tiered", "amount < 10000 ? amount * 0.03 : amount < 50000 ? amount * 0.05 : amount * 0.07", func(e *benchEnv) decimal.Decimal {
			switch {
			case e.Amount.Cmp(b10k) < 0:
				return e.Amount.Mul(r003)
			case e.Amount.Cmp(b50k) < 0:
				return e.Amount.Mul(r005)
			}
			return e.Amount.Mul(r007)
		}},
		{"capped", "min(amount * rate, 5000)", func(e *benchEnv) decimal.Decimal { return decimal.Min(e.Amount.Mul(e.Rate), cap5k) }},
		// a loop, which runs on the VM with a meter (see limits.go)
		{"splits", "sum(deal.splits, .share * amount)", func(e *benchEnv) decimal.Decimal {
			var total decimal.Decimal
			for _, s := range e.Deal.Splits {
				total = total.Add(s.Share.Mul(e.Amount))
			}
			return total
		}},
	}
	envs := benchEnvs()
	vmEnv, err := NewEnv()
	if err != nil {
		b.Fatal(err)
	}
	vmEnv.vmOnly = true
	for _, tc := range cases {
		r, err := Compile[benchEnv](nil, tc.name, tc.src, Decimal)
		if err != nil {
			b.Fatal(err)
		}
		rvm, err := Compile[benchEnv](vmEnv, tc.name, tc.src, Decimal)
		if err != nil {
			b.Fatal(err)
		}
		for i := range envs {
			got, err := r.Decimal(&envs[i])
			if want := tc.hand(&envs[i]); err != nil || !got.Equal(want) {
				b.Fatalf("%s: rule gives %v, %v; hand-written gives %v", tc.name, got, err, want)
			}
		}
		b.Run(tc.name+"/hand", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				sink = tc.hand(&envs[i%len(envs)])
			}
		})
		b.Run(tc.name+"/rule", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				d, err := r.Decimal(&envs[i%len(envs)])
				if err != nil {
					b.Fatal(err)
				}
				sink = d
			}
		})
		b.Run(tc.name+"/rule-vm", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				d, err := rvm.Decimal(&envs[i%len(envs)])
				if err != nil {
					b.Fatal(err)
				}
				sink = d
			}
		})
	}
}
