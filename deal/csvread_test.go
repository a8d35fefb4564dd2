package deal

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// recordReader is what csvScan needs of a CSV reader: encoding/csv's
// Reader and csvReader both are one.
type recordReader interface {
	Read() ([]string, error)
	FieldPos(field int) (line, column int)
	InputOffset() int64
}

// stdCSV is how ReadCSV read a file before csvReader: encoding/csv over a
// 64 KiB bufio.Reader, after a byte-order mark.
func stdCSV(r io.Reader) recordReader {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	return cr
}

// csvStep is what one Read returned: the record (or the fields read
// before an error), where each field starts, the input offset after it,
// and the error.
type csvStep struct {
	Rec    []string
	Pos    [][2]int
	Offset int64
	Err    error
}

// csvSteps reads r to the end (or to its second error that is not a
// csv.ParseError, for a reader that keeps failing), recording each step.
func csvSteps(cr recordReader) []csvStep {
	var steps []csvStep
	failed := 0
	for range 100_000 {
		rec, err := cr.Read()
		st := csvStep{Rec: slices.Clone(rec), Offset: cr.InputOffset(), Err: err}
		for i := range rec {
			l, c := cr.FieldPos(i)
			st.Pos = append(st.Pos, [2]int{l, c})
		}
		steps = append(steps, st)
		var pe *csv.ParseError
		if err == io.EOF {
			break
		}
		if err != nil && !errors.As(err, &pe) {
			if failed++; failed == 2 {
				break
			}
		}
	}
	return steps
}

// sameError compares errors of a Read: a *csv.ParseError by its fields
// and the sentinel it wraps, any other error by identity.
var sameError = cmp.Comparer(func(a, b error) bool {
	var pa, pb *csv.ParseError
	if errors.As(a, &pa) && errors.As(b, &pb) {
		return *pa == *pb
	}
	return a == b
})

var errBoom = errors.New("boom")

// csvInputs are the ways the tests hand an input to both readers: at
// once, a byte at a time, half of each read, the end with the last
// bytes, reads of nothing between bytes, and an error after each third of
// the input.
var csvInputs = []struct {
	name string
	r    func(src string) io.Reader
}{
	{"whole", func(src string) io.Reader { return strings.NewReader(src) }},
	{"bytes", func(src string) io.Reader { return iotest.OneByteReader(strings.NewReader(src)) }},
	{"halves", func(src string) io.Reader { return iotest.HalfReader(strings.NewReader(src)) }},
	{"eof with data", func(src string) io.Reader { return iotest.DataErrReader(strings.NewReader(src)) }},
	{"empty reads", func(src string) io.Reader { return &stutterReader{r: strings.NewReader(src)} }},
	{"error at a third", func(src string) io.Reader {
		return io.MultiReader(strings.NewReader(src[:len(src)/3]), iotest.ErrReader(errBoom))
	}},
	{"error at two thirds", func(src string) io.Reader {
		return io.MultiReader(strings.NewReader(src[:2*len(src)/3]), iotest.ErrReader(errBoom))
	}},
}

// stutterReader reads nothing, without an error, every other time, and a
// byte at most otherwise.
type stutterReader struct {
	r    io.Reader
	skip bool
}

func (s *stutterReader) Read(p []byte) (int, error) {
	if s.skip = !s.skip; s.skip || len(p) == 0 {
		return 0, nil
	}
	return s.r.Read(p[:1])
}

// csvBufSizes are the sizes of csvReader's buffer the tests read with: a
// few bytes, for lines to cross its end and grow it, and the real one.
var csvBufSizes = []int{1, 2, 3, 5, 16, 64, csvBufSize}

// checkCSVReader checks that csvReader reads src as encoding/csv does,
// with buffer size and input r.
func checkCSVReader(t *testing.T, src string, size int, r func(string) io.Reader) {
	t.Helper()
	want := csvSteps(stdCSV(r(src)))
	got := csvSteps(newCSVReader(r(src), size))
	if diff := cmp.Diff(want, got, sameError, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("%q (buffer %d): (-encoding/csv +csvReader):\n%s", src, size, diff)
	}
}

func TestCSVReader(t *testing.T) {
	long := strings.Repeat("x", 3*csvBufSize/2)
	tests := []struct{ name, src string }{
		{"empty", ""},
		{"empty lines", "\n\n\r\n\n"},
		{"a lone return", "\r"},
		{"only a header", "id,date,amount"},
		{"only a header and a newline", "id,date,amount\n"},
		{"rows", "a,b,c\n1,2,3\n4,5,6\n"},
		{"no final newline", "a,b\n1,2"},
		{"trailing commas", "a,b,\n,,\n,\n"},
		{"ragged rows", "a\nb,c,d\n\ne\n,\n"},
		{"empty lines between", "a,b\n\n\n1,2\n\r\n3,4\n\n"},
		{"crlf", "a,b\r\n1,2\r\n\r\n3,4\r\n"},
		{"lone returns", "a\rb,c\r\nd\r\re\n\r\r\n\r"},
		{"return at the end", "a,b\r"},
		{"return before the end of a quoted field", "\"a\"\r"},
		{"quoted", "\"a\",\"b\"\n\"\",\"\"\n"},
		{"doubled quotes", "\"a\"\"b\",c\n\"\"\"\"\n\"\"\"\",\"\"\n"},
		{"quoted commas", "\"a,b\",\",\",\",,\"\n"},
		{"quoted newlines", "\"a\nb\",c\n\"\n\n\",d\n"},
		{"quoted crlf", "\"a\r\nb\"\r\nc,\"\r\n\r\n\"\r\n"},
		{"quoted lone return", "\"a\rb\",\"\r\"\n"},
		{"quotes everywhere", "\"\"\"a\"\"\",b\"c,\"d\"\"\"\n"},
		{"bare quote", "a,b\"c,d\n"},
		{"bare quote at the end", "a,b\"\n"},
		{"bare quote after rows", "a,b\n1,2\n3,\"4\"5\n6,7\n"},
		{"quote after a quoted field", "\"a\"b,c\n"},
		{"space after a quoted field", "\"a\" ,b\n"},
		{"quote left open", "\"a,b\n"},
		{"quote left open at the end", "a,\"b"},
		{"only a quote", "\""},
		{"two quotes", "\"\""},
		{"three quotes", "\"\"\""},
		{"open quote on the next line", "a,b\n\"c\nd\ne"},
		{"error after a multi-line field", "\"a\nb\"x\nc\n"},
		{"the rows after an error", "\"a\"b,c\nd,e\n\"f\ng\"\"\"h\ni,j\n"},
		{"nul bytes", "a\x00b,\x00\n\x00,\"\x00\"\n"},
		{"invalid utf-8", "\xff,\xfe\xfd\n\"\xff\",\"a\xc0\"\n\xe2\x28\xa1,b\"\xff\n"},
		{"multibyte columns", "é,ü,\"ß\",x\nπ\"\n"},
		{"byte-order mark", "\ufeffa,b\n1,2\n"},
		{"byte-order mark and a quote", "\ufeff\"a\",b\n"},
		{"only a byte-order mark", "\ufeff"},
		{"half a byte-order mark", "\xef\xbb"},
		{"two byte-order marks", "\ufeff\ufeffa,\ufeff\n"},
		{"long line", long + "," + long + "\n" + long + "\n"},
		{"long quoted line", "\"" + long + "\"\"" + long + "\"," + long + "\n"},
		{"long multi-line field", "a,\"" + long + "\n" + long + "\r\n" + long + "\"\nb\n"},
		{"long line without newline", long},
		{"long open quote", "\"" + long},
		{"crlf at the buffer's end", strings.Repeat("y", csvBufSize-1) + "\r\n" + "z\r\n"},
		{"quote at the buffer's end", strings.Repeat("y", csvBufSize-1) + "\"\n"},
		{"many fields", strings.Repeat("a,", 1000) + "\n" + strings.Repeat("\"b\",", 1000) + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, in := range csvInputs {
				for _, size := range csvBufSizes {
					if in.name == "bytes" || in.name == "empty reads" {
						if len(tt.src) > 10_000 && size > 64 {
							continue // slow, and no different
						}
					}
					checkCSVReader(t, tt.src, size, in.r)
				}
			}
		})
	}
}

// TestCSVReaderReadError: an error reading the input is returned as it
// is, after the rows before it.
func TestCSVReaderReadError(t *testing.T) {
	src := "a,b\n1,2\n3,4"
	cr := newCSVReader(io.MultiReader(strings.NewReader(src), iotest.ErrReader(errBoom)), csvBufSize)
	var got []string
	var err error
	for {
		var rec []string
		if rec, err = cr.Read(); err != nil {
			break
		}
		got = append(got, strings.Join(rec, "|"))
	}
	if want := []string{"a|b", "1|2"}; !slices.Equal(got, want) || err != errBoom {
		t.Errorf("got %q, %v; want %q, %v", got, err, want, errBoom)
	}
}

// FuzzCSVRecords checks that csvReader reads every input as encoding/csv
// does: the same records, field positions, offsets and errors, with its
// buffer and the input's reads cut anywhere.
func FuzzCSVRecords(f *testing.F) {
	for _, s := range []string{
		"id,date,amount\nD1,2026-02-01,10\n",
		"\"a\"\"b\",\"c\nd\"\r\ne,f\r\n",
		"a,b\"c\n\"d\"e\n\"open",
		"\ufeff\"a\",b\r\n\r\n,\n\r",
		"\"\"\"\",\"\",\x00\xff\n",
	} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(len(s)))
	}
	f.Fuzz(func(t *testing.T, src string, how uint8) {
		in := csvInputs[int(how)%len(csvInputs)]
		size := csvBufSizes[int(how)/len(csvInputs)%len(csvBufSizes)]
		checkCSVReader(t, src, size, in.r)
	})
}
