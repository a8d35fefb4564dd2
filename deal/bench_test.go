package deal

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
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

// peerFile returns the deals file of the peer plan named by $PEER_DEALS
// (go run ./gen -deals 1000000 -payees 1000 -out /tmp/peer1m, then
// PEER_DEALS=/tmp/peer1m/deals.csv), as it is and in salesplan's layout.
func peerFile(b *testing.B) (peer, ours []byte) {
	path := os.Getenv("PEER_DEALS")
	if path == "" {
		b.Skip("PEER_DEALS names no peer plan deals.csv")
	}
	peer, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(peer))
	r.ReuseRecord = true
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	for i := 0; ; i++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if i == 0 {
			rec[1] = "date"
		}
		cur := "USD"
		if i == 0 {
			cur = "currency"
		}
		w.Write(append(append(rec[:4:4], cur), rec[4:]...))
	}
	w.Flush()
	return peer, out.Bytes()
}

func peerSchema(tb testing.TB) *Schema {
	s, err := NewSchema(Attr{Name: "term_months", Type: Integer}, Attr{Name: "is_new_logo", Type: Boolean}, Attr{Name: "split_with", Type: String})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// BenchmarkReadCSV reads 100,000 deals of the peer plan's layout; its
// baseline is BenchmarkReadCSVHandWritten, the peer plan's own parse.
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

// BenchmarkScanCSV reads the same deals one at a time, keeping none.
func BenchmarkScanCSV(b *testing.B) {
	src := peerCSV(100_000)
	schema := peerSchema(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, err := range ScanCSV("deals.csv", bytes.NewReader(src), schema) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 100_000 {
			b.Fatal(n)
		}
	}
}

func BenchmarkReadCSVHandWritten(b *testing.B) {
	src := peerCSV(100_000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if n := handParse(b, src, [...]int{0, 1, 2, 3, 5, 6, 7, 8}); n != 100_000 {
			b.Fatal(n)
		}
	}
}

// BenchmarkReadJSON reads the 100,000 deals from JSON.
func BenchmarkReadJSON(b *testing.B) {
	deals, err := ReadCSV("deals.csv", bytes.NewReader(peerCSV(100_000)), peerSchema(b))
	if err != nil {
		b.Fatal(err)
	}
	src, err := json.Marshal(deals)
	if err != nil {
		b.Fatal(err)
	}
	schema := peerSchema(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		deals, err := ReadJSON("deals.json", bytes.NewReader(src), schema)
		if err != nil || len(deals) != 100_000 {
			b.Fatal(err, len(deals))
		}
	}
}

// BenchmarkPeerReadCSV reads the peer plan's deals file ($PEER_DEALS),
// with ReadCSV and with the peer plan's own parse (gocalc's readDeals).
func BenchmarkPeerReadCSV(b *testing.B) {
	peer, ours := peerFile(b)
	schema := peerSchema(b)
	b.Run("salesplan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ReadCSV("deals.csv", bytes.NewReader(ours), schema); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("hand-written", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			handParse(b, peer, [...]int{0, 1, 2, 3, 4, 5, 6, 7})
		}
	})
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

// handParse is the peer plan's readDeals (gocalc): the columns id, date,
// owner, amount, term, new logo, product and split at col.
func handParse(b *testing.B, src []byte, col [8]int) int {
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
		d.ID, e[0] = strconv.ParseInt(rec[col[0]], 10, 64)
		d.Close, e[1] = time.Parse("2006-01-02", rec[col[1]])
		d.Owner, e[2] = strconv.Atoi(rec[col[2]])
		d.Amount, e[3] = decimal.NewFromString(rec[col[3]])
		d.Term, e[4] = strconv.Atoi(rec[col[4]])
		d.NewLogo, e[5] = strconv.ParseBool(rec[col[5]])
		switch p := rec[col[6]]; p {
		case "core", "analytics", "platform":
			d.Product = p
		default:
			d.Product = string([]byte(p))
		}
		if s := rec[col[7]]; s != "" {
			d.SplitWith, e[6] = strconv.Atoi(s)
		}
		for _, x := range e {
			if x != nil {
				b.Fatal(x)
			}
		}
		out = append(out, d)
	}
	return len(out)
}
