package deal

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// peerCSV returns n deals in the layout of the peer plan's deals.csv
// (../shared/peer-plan/gen), with the columns salesplan needs: date for
// close_date, and a currency.
func peerCSV(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	b.WriteString("id,date,owner,amount,currency,term_months,is_new_logo,product,split_with\n")
	products := [...]string{"core", "analytics", "platform"}
	for i := 1; i <= n; i++ {
		amt := 50000 + r.Int64N(25000000)
		if r.IntN(100) < 5 {
			amt = -(50000 + r.Int64N(2000000))
		}
		split := ""
		if r.IntN(10) == 0 {
			split = strconv.Itoa(2 + r.IntN(1000))
		}
		sign := ""
		if amt < 0 {
			sign, amt = "-", -amt
		}
		fmt.Fprintf(&b, "%d,2027-%02d-%02d,%d,%s%d.%02d,USD,%d,%t,%s,%s\n", i, 1+r.IntN(3), 1+r.IntN(28), 2+r.IntN(1000),
			sign, amt/100, amt%100, 12*(1+r.IntN(3)), r.IntN(10) == 0, products[r.IntN(3)], split)
	}
	return b.Bytes()
}

func peerSchema(tb testing.TB) *Schema {
	s, err := NewSchema(Attr{Name: "term_months", Type: Integer}, Attr{Name: "is_new_logo", Type: Boolean}, Attr{Name: "split_with", Type: String})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func BenchmarkReadCSV(b *testing.B) {
	src := peerCSV(100_000)
	schema := peerSchema(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		deals, err := ReadCSV("deals.csv", bytes.NewReader(src), schema)
		if err != nil || len(deals) != 100_000 {
			b.Fatal(err, len(deals))
		}
	}
}

type handDeal struct {
	ID        int64
	Close     time.Time
	Owner     int
	Amount    decimal.Decimal
	Term      int
	NewLogo   bool
	Product   string
	SplitWith int
}

func BenchmarkReadCSVHandWritten(b *testing.B) {
	src := peerCSV(100_000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		r := csv.NewReader(bytes.NewReader(src))
		r.ReuseRecord = true
		r.Read()
		out := make([]handDeal, 0, 1024)
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			var d handDeal
			var e [7]error
			d.ID, e[0] = strconv.ParseInt(rec[0], 10, 64)
			d.Close, e[1] = time.Parse("2006-01-02", rec[1])
			d.Owner, e[2] = strconv.Atoi(rec[2])
			d.Amount, e[3] = decimal.NewFromString(rec[3])
			d.Term, e[4] = strconv.Atoi(rec[5])
			d.NewLogo, e[5] = strconv.ParseBool(rec[6])
			d.Product = rec[7]
			if rec[8] != "" {
				d.SplitWith, e[6] = strconv.Atoi(rec[8])
			}
			for _, x := range e {
				if x != nil {
					b.Fatal(x)
				}
			}
			out = append(out, d)
		}
		if len(out) != 100_000 {
			b.Fatal(len(out))
		}
	}
}
