package rules

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// TestConcurrentEvaluation shares compiled rules, direct and VM-only,
// between many goroutines, each with its own environments; run it with
// -race. Every result must be the one a single goroutine computes.
func TestConcurrentEvaluation(t *testing.T) {
	srcs := []string{
		"credit.amount * rate",
		"credit.amount < 10000 ? credit.amount * 0.03 : credit.amount < 50000 ? credit.amount * 0.05 : credit.amount * 0.07",
		"min(credit.amount * rate, 5000)",
		"round(credit.amount / 3, 2)",
		"sum(map(deal.splits, .share * credit.amount))",
		"deal.attrs.discount > 0.2 ? credit.amount * (1 - deal.attrs.discount) : credit.amount",
		`fx(deal.currency) * credit.amount`,
	}
	var rules []*Rule[testEnv]
	for _, src := range srcs {
		for _, e := range []*Env{stdEnv, vmEnv} {
			r, err := Compile[testEnv](e, "concurrent", src, Decimal)
			if err != nil {
				t.Fatal(err)
			}
			rules = append(rules, r)
		}
	}
	// The expected results, computed on one goroutine.
	const amounts = 50
	envs := make([]*testEnv, amounts)
	want := make([][]decimal.Decimal, amounts)
	for i := range envs {
		envs[i] = sampleEnv()
		envs[i].Credit.Amount = decimal.New(int64(1000+i*2500), 0)
		for _, r := range rules {
			d, err := r.Decimal(envs[i])
			if err != nil {
				t.Fatal(err)
			}
			want[i] = append(want[i], d)
		}
	}
	const goroutines = 32
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := range goroutines {
		wg.Go(func() {
			for k := range 200 {
				i := (g + k) % amounts
				for j, r := range rules {
					got, err := r.Decimal(envs[i])
					if err != nil || !got.Equal(want[i][j]) {
						errs <- fmt.Errorf("%s on amount %s: got %v, %v; want %v", r.Source(), envs[i].Credit.Amount, got, err, want[i][j])
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestConcurrentCompile compiles with one Env from many goroutines.
func TestConcurrentCompile(t *testing.T) {
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 20 {
				if _, err := Compile[testEnv](stdEnv, "c", "deal.amount * rate + deal.attrs.seats", Decimal); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
}

// TestConcurrentAttrs evaluates rules on deals read from one file (their
// attributes in shared blocks) from many goroutines while each also builds
// a changed copy of the deal; run it with -race.
func TestConcurrentAttrs(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,date,amount,currency,owner,quota_id,seats,discount\n")
	for i := range 1500 {
		fmt.Fprintf(&b, "D%d,2026-03-14,100,USD,ana,Q,%d,0.25\n", i, i%9)
	}
	deals, err := deal.ReadCSV("d.csv", strings.NewReader(b.String()), testSchema)
	if err != nil {
		t.Fatal(err)
	}
	var rules []*Rule[testEnv]
	for _, e := range []*Env{stdEnv, vmEnv} {
		r, err := Compile[testEnv](e, "c", `"seats" in deal.attrs ? deal.attrs.seats * deal.attrs.discount : 0`, Decimal)
		if err != nil {
			t.Fatal(err)
		}
		rules = append(rules, r)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := g; i < len(deals); i += 3 {
				env := testEnv{Deal: deals[i]}
				env.Deal.Attrs = env.Deal.Attrs.With("seats", int64(100))
				for _, r := range rules {
					got, err := r.Decimal(&testEnv{Deal: deals[i]})
					want := decimal.New(int64(i%9*25), -2)
					if err != nil || !got.Equal(want) {
						t.Errorf("deal %d: %v, %v; want %v", i, got, err, want)
						return
					}
					if got, _ := r.Decimal(&env); got.String() != "25" {
						t.Errorf("changed copy of deal %d: %v", i, got)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}
