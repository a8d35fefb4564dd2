package rules

import (
	"testing"

	"github.com/expr-lang/expr/vm"
)

func BenchmarkMicro(b *testing.B) {
	envs := benchEnvs()
	for _, src := range []string{"true", "rate", "deal.amount", "deal.amount * rate", "rate * 0.08"} {
		r, err := Compile[benchEnv](nil, "m", src, Any)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(src+"/pool", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				r.Eval(&envs[i%3])
			}
		})
		b.Run(src+"/vm", func(b *testing.B) {
			b.ReportAllocs()
			var m vm.VM
			for i := 0; b.Loop(); i++ {
				m.Run(r.prog, &envs[i%3])
			}
		})
		b.Run(src+"/vm-value", func(b *testing.B) {
			b.ReportAllocs()
			var m vm.VM
			for i := 0; b.Loop(); i++ {
				m.Run(r.prog, envs[i%3])
			}
		})
	}
}
