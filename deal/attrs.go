package deal

import (
	"encoding/json"
	"fmt"
	"iter"
	"reflect"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// Attrs holds a deal's custom attributes, the ones its strategy declares
// in a [Schema], by name. Each value has the Go type of its declared
// [AttrType]: string, [decimal.Decimal], int64, bool, [calendar.Date] or
// []string.
//
// Attrs is an immutable value, like [decimal.Decimal] or [slog.Value]:
// [Attrs.With] returns a new one, and a list is copied when it is read
// ([Attrs.Get], [Attrs.All]), so that copying a [Deal] shares nothing that
// either copy can change. It is safe for concurrent use. The zero Attrs
// holds no attribute. Build one in Go with [AttrsOf]:
//
//	d.Attrs = deal.AttrsOf(map[string]any{"segment": "enterprise"})
//
// The readers ([ReadCSV], [ReadJSON]…) keep the values of many deals in
// blocks shared by the deals of one file, each at its attribute's slot in
// the schema, so that a deal read costs no allocation of its own for its
// attributes, and a rule reads one by its slot ([Attrs.Slot]).
//
// Attrs cannot be compared with ==; use [Attrs.Equal]. Its JSON and YAML
// form is an object of the attributes by name, the same as a
// map[string]any's.
type Attrs struct {
	_   [0]func() // not comparable: == would compare blocks, not values
	blk *attrBlock
	at  int32 // index of the deal's first value in blk.vals
	// inl are the ids of the first slots' values (a block of ReadCSV's),
	// as blk.ids has them, kept in the room the struct has anyway: a
	// rule's read of them does not load the block's ids, which at a
	// million deals is a load from main memory for every deal
	inl [inlineIDs]uint16
}

// inlineIDs is how many of a deal's value ids its Attrs keeps itself.
const inlineIDs = 2

// value gives the value of a's slot j, nil for none.
func (a Attrs) value(j int) any {
	if j < inlineIDs && a.blk.ids != nil {
		return a.blk.valueOf(int(a.at), j, a.inl[j])
	}
	return a.blk.value(int(a.at), j)
}

// attrKeys names the slots of the values of a block: the attributes of a
// schema (those a file gives), or of a set built in Go (by name).
type attrKeys struct {
	schema *Schema  // the schema whose attributes the slots are; nil for AttrsOf and With
	names  []string // the attribute of each slot; sorted when schema is nil
	local  []int    // the slot of each of schema's attributes, -1 for none; with schema only
	order  []int    // the slots in order of their names
	// tables holds, for each slot, the values that the deals of a file
	// share (a segment, a term of 12 months), each boxed once: a value
	// of a block's ids is an index into its slot's table. A table is
	// made with maxInterned values, each set before the first deal that
	// holds it is handed out, and never changed after.
	tables [][]any
}

// attrBlock holds the values of a block of deals, len(keys.names) a deal.
// A block of AttrsOf, With or ReadJSON holds them in vals, nil where a
// deal has no value. A block of ReadCSV holds their ids: 0 for no value,
// inVals for a value in vals (made for the first such value of the
// block), else 1 + the index of the value in the slot's table (a value
// that many deals share, 2 bytes a deal instead of 16). A block is
// written once for each deal, before the deal is handed out, and never
// changed nor resliced after.
type attrBlock struct {
	keys *attrKeys
	vals []any
	ids  []uint16
}

// inVals is the id of a value held in the block's vals.
const inVals = 1<<16 - 1

// value returns the value at slot j of the deal at index at of b.
func (b *attrBlock) value(at, j int) any {
	if b.ids == nil {
		return b.vals[at+j]
	}
	return b.valueOf(at, j, b.ids[at+j])
}

// valueOf is value for a block of ids, the value's id given.
func (b *attrBlock) valueOf(at, j int, id uint16) any {
	switch id {
	case 0:
		return nil
	case inVals:
		return b.vals[at+j]
	default:
		return b.keys.tables[j][id-1]
	}
}

// newAttrKeys returns the slots of schema's attributes called names, each
// of which schema declares, or, with a nil schema, of names, sorted.
func newAttrKeys(schema *Schema, names []string) *attrKeys {
	k := &attrKeys{schema: schema, names: names}
	if schema != nil {
		k.local = make([]int, schema.Len())
		for i := range k.local {
			k.local[i] = -1
		}
		for j, n := range names {
			_, i, _ := schema.Lookup(n)
			k.local[i] = j
		}
	}
	k.order = make([]int, len(names))
	for i := range k.order {
		k.order[i] = i
	}
	slices.SortFunc(k.order, func(a, b int) int { return strings.Compare(names[a], names[b]) })
	return k
}

// slot returns the slot of the attribute called name, or -1.
func (k *attrKeys) slot(name string) int {
	if k.schema != nil {
		if i, ok := k.schema.index[name]; ok {
			return k.local[i]
		}
		return -1
	}
	if j, ok := slices.BinarySearch(k.names, name); ok {
		return j
	}
	return -1
}

// AttrsOf returns the attributes of m, by name; a nil value is no
// attribute. It copies m and its lists: changing m afterwards does not
// change the Attrs. The values should have the Go types of their
// attributes' types ([Schema.Check] says which does not); a rule reads
// other exact forms too (an int for an integer, a string for a decimal).
func AttrsOf(m map[string]any) Attrs {
	names := make([]string, 0, len(m))
	for k, v := range m {
		if v != nil {
			names = append(names, k)
		}
	}
	if len(names) == 0 {
		return Attrs{}
	}
	slices.Sort(names)
	b := &attrBlock{keys: newAttrKeys(nil, names), vals: make([]any, len(names))}
	for j, n := range names {
		b.vals[j] = own(m[n])
	}
	return Attrs{blk: b}
}

// own returns v, or a copy of it when v is a list, which the holder of v
// could change.
func own(v any) any {
	switch l := v.(type) {
	case []string:
		if l != nil {
			return slices.Clone(l)
		}
	case []any:
		if l != nil {
			return slices.Clone(l)
		}
	}
	return v
}

// vals returns the values of a's slots, in a new slice whose lists are
// a's own, not to be modified.
func (a Attrs) vals() []any {
	if a.blk == nil {
		return nil
	}
	vals := make([]any, len(a.blk.keys.names))
	for j := range vals {
		vals[j] = a.value(j)
	}
	return vals
}

// slots returns the number of slots of a's values.
func (a Attrs) slots() int {
	if a.blk == nil {
		return 0
	}
	return len(a.blk.keys.names)
}

// Get returns the value of the attribute called name, and whether a holds
// one. A list is a copy of the deal's, which the caller may change.
func (a Attrs) Get(name string) (any, bool) {
	if a.blk == nil {
		return nil, false
	}
	j := a.blk.keys.slot(name)
	if j < 0 {
		return nil, false
	}
	v := a.value(j)
	return own(v), v != nil
}

// Slot returns the value of the attribute at index i of schema s (the
// index of [Schema.Lookup]), as Get of its name does. For a deal read with
// s, that is one index into its values, without looking the name up: the
// way a compiled rule reads deal.attrs.name.
func (a Attrs) Slot(s *Schema, i int) (any, bool) {
	if a.blk == nil || s == nil || i < 0 || i >= s.Len() {
		return nil, false
	}
	k := a.blk.keys
	if k.schema != s {
		return a.Get(s.attrs[i].Name)
	}
	j := k.local[i]
	if j < 0 {
		return nil, false
	}
	v := a.value(j)
	return own(v), v != nil
}

// Len returns the number of attributes a holds.
func (a Attrs) Len() int {
	n := 0
	for j := range a.slots() {
		if a.value(j) != nil {
			n++
		}
	}
	return n
}

// IsZero reports whether a holds no attribute. With it, a deal's JSON
// leaves out an empty "attrs" (the omitzero option of encoding/json).
func (a Attrs) IsZero() bool { return a.Len() == 0 }

// All returns the attributes a holds, by name in order, each with its
// value (a list as Get gives it, a copy).
func (a Attrs) All() iter.Seq2[string, any] {
	return func(yield func(string, any) bool) {
		if a.blk == nil {
			return
		}
		k := a.blk.keys
		for _, j := range k.order {
			if v := a.value(j); v != nil && !yield(k.names[j], own(v)) {
				return
			}
		}
	}
}

// With returns a copy of a in which the attribute called name has value v,
// or, with a nil v, has none. a is not changed.
func (a Attrs) With(name string, v any) Attrs {
	if a.blk != nil {
		if j := a.blk.keys.slot(name); j >= 0 {
			vals := a.vals()
			vals[j] = own(v)
			return Attrs{blk: &attrBlock{keys: a.blk.keys, vals: vals}}
		}
	}
	if v == nil {
		return a
	}
	m := make(map[string]any, a.Len()+1)
	for n, x := range a.All() {
		m[n] = x
	}
	m[name] = v
	return AttrsOf(m)
}

// Equal reports whether a and b hold the same attributes with the same
// values, decimals compared by value ([decimal.Decimal.Equal]). With it,
// go-cmp compares deals by their attributes.
func (a Attrs) Equal(b Attrs) bool {
	if a.Len() != b.Len() {
		return false
	}
	for n, x := range a.All() {
		y, ok := b.Get(n)
		if !ok || !sameValue(x, y) {
			return false
		}
	}
	return true
}

func sameValue(x, y any) bool {
	if dx, ok := x.(decimal.Decimal); ok {
		dy, ok := y.(decimal.Decimal)
		return ok && dx.Equal(dy)
	}
	return reflect.DeepEqual(x, y)
}

// Map returns the attributes of a in a new map, by name; nil when a holds
// none.
func (a Attrs) Map() map[string]any {
	var m map[string]any
	for n, v := range a.All() {
		if m == nil {
			m = make(map[string]any, a.Len())
		}
		m[n] = v
	}
	return m
}

// String returns the attributes as "{name: value, …}", by name, values in
// the text form of a CSV column.
func (a Attrs) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for n, v := range a.All() {
		if b.Len() > 1 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %s", n, formatValue(v))
	}
	b.WriteByte('}')
	return b.String()
}

// MarshalJSON writes the attributes as a JSON object by name, as
// encoding/json writes a map[string]any.
func (a Attrs) MarshalJSON() ([]byte, error) {
	m := a.Map()
	if m == nil {
		return []byte("{}"), nil
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads a JSON object into a as encoding/json reads it into
// a map[string]any (numbers as float64, which a rule refuses as inexact:
// [ReadJSON] reads deals exactly). null is no attribute.
func (a *Attrs) UnmarshalJSON(b []byte) error {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*a = AttrsOf(m)
	return nil
}

// MarshalYAML gives the attributes to a YAML encoder as a map by name.
func (a Attrs) MarshalYAML() (any, error) { return a.Map(), nil }

// UnmarshalYAML reads a YAML mapping of attributes by name, as a YAML
// decoder reads it into a map[string]any.
func (a *Attrs) UnmarshalYAML(unmarshal func(any) error) error {
	var m map[string]any
	if err := unmarshal(&m); err != nil {
		return err
	}
	*a = AttrsOf(m)
	return nil
}

// attrAlloc hands out the Attrs of the deals of one file, their values in
// blocks of blockDeals deals, as sourceAlloc does their positions.
type attrAlloc struct {
	keys   *attrKeys
	byID   bool // values by id (ReadCSV), else in vals
	blk    *attrBlock
	used   int
	tables []int // values in each slot's table
}

// newAttrAlloc returns the allocator of the values of schema's attributes
// called names; nil when there are none. byID says that the values are
// given by id (see intern), not in vals alone.
func newAttrAlloc(schema *Schema, names []string, byID bool) *attrAlloc {
	if len(names) == 0 {
		return nil
	}
	a := &attrAlloc{keys: newAttrKeys(schema, names), byID: byID}
	if byID {
		a.keys.tables = make([][]any, len(names))
		a.tables = make([]int, len(names))
	}
	return a
}

// intern adds v, a value of slot j that deals will share, to the slot's
// table, and returns its id; false when the table is full.
func (a *attrAlloc) intern(j int, v any) (uint16, bool) {
	n := a.tables[j]
	if n == maxInterned {
		return 0, false
	}
	t := a.keys.tables[j]
	if t == nil {
		t = make([]any, maxInterned)
		a.keys.tables[j] = t
	}
	t[n] = v
	a.tables[j]++
	return uint16(n + 1), true
}

// next returns the Attrs of vals, the values of a deal by slot, copied;
// the zero Attrs when all are nil. An allocator byID takes ids too, the
// deal's value of each slot by id: 0 for the value in vals (or none).
func (a *attrAlloc) next(ids []uint16, vals []any) Attrs {
	if a == nil || !slices.ContainsFunc(vals, func(v any) bool { return v != nil }) && !slices.ContainsFunc(ids, func(id uint16) bool { return id != 0 }) {
		return Attrs{}
	}
	n := len(a.keys.names)
	if a.blk == nil || a.used+n > n*blockDeals {
		a.blk = &attrBlock{keys: a.keys}
		if a.byID {
			a.blk.ids = make([]uint16, n*blockDeals)
		} else {
			a.blk.vals = make([]any, n*blockDeals)
		}
		a.used = 0
	}
	b := a.blk
	at := a.used
	a.used += n
	if !a.byID {
		copy(b.vals[at:at+n], vals)
		return Attrs{blk: b, at: int32(at)}
	}
	for j, id := range ids {
		if id == 0 && vals[j] != nil {
			if b.vals == nil {
				b.vals = make([]any, n*blockDeals)
			}
			b.vals[at+j] = vals[j]
			id = inVals
		}
		b.ids[at+j] = id
	}
	out := Attrs{blk: b, at: int32(at)}
	copy(out.inl[:], b.ids[at:at+n])
	return out
}
