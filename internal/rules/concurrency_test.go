package rules

import (
	"fmt"
	"sync"
	"testing"

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
