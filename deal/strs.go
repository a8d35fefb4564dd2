package deal

import (
	"strings"
	"unsafe"

	"github.com/shopspring/decimal"
)

// strStore keeps the strings of the deals read from one file, so that no
// deal holds the text of its row: a field of a CSV record is a substring
// of the record's one string, and a deal that kept its id as read would
// keep the whole row alive for as long as the deal lives.
//
// Names (owners, currencies, products, split members…) are interned: a
// million deals of a thousand owners hold a thousand strings. Other
// strings (deal ids, and names past the intern table's room) are copied
// into blocks of strBlock bytes shared by many deals, each byte written
// once and never again, so that the strings made over them with
// unsafe.String are immutable, as those of a strings.Builder are.
//
// A strStore is used by one reader at a time; the strings it returns are
// plain strings, safe to keep and to share.
type strStore struct {
	names  map[string]string          // interned names, each its own key
	shares map[string]decimal.Decimal // the shares of splits, by their text
	buf    []byte                     // the block being filled
}

const (
	strBlock      = 4 << 10      // bytes of a block of strings
	strLarge      = strBlock / 8 // a longer string is copied on its own
	maxNames      = 16 << 10     // names the intern table holds
	maxShareTexts = 1 << 10      // shares interned
)

func newStrStore() *strStore {
	return &strStore{names: map[string]string{}, shares: map[string]decimal.Decimal{}}
}

// interned returns the interned copy of name, if name is interned.
func (s *strStore) interned(name string) (string, bool) {
	v, ok := s.names[name]
	return v, ok
}

// name returns name as a string of its own: its interned copy, made now
// if the table has room for it. The caller has checked name (checkName).
func (s *strStore) name(name string) string {
	if v, ok := s.names[name]; ok {
		return v
	}
	v := s.copy(name)
	if len(s.names) < maxNames && len(v) <= maxInternedLen {
		s.names[v] = v
	}
	return v
}

// copy returns a copy of t that shares no memory with t.
func (s *strStore) copy(t string) string {
	if t == "" {
		return ""
	}
	if len(t) > strLarge {
		return strings.Clone(t)
	}
	if len(t) > cap(s.buf)-len(s.buf) {
		s.buf = make([]byte, 0, strBlock)
	}
	n := len(s.buf)
	s.buf = append(s.buf, t...)
	return unsafe.String(&s.buf[n], len(t))
}

// own returns v, an attribute's value read from a row, holding nothing
// of the row: a string or the strings of a list copied.
func (s *strStore) own(v any) any {
	switch x := v.(type) {
	case string:
		return s.copy(x)
	case []string:
		for i, e := range x {
			x[i] = s.copy(e)
		}
	}
	return v
}

// share returns the share whose text is t, read before with its
// decimal value v, or reads it with parse. Decimals are immutable, so
// splits of the same share may hold the same value.
func (s *strStore) share(t string, parse func(string) (decimal.Decimal, error)) (decimal.Decimal, error) {
	if v, ok := s.shares[t]; ok {
		return v, nil
	}
	v, err := parse(t)
	if err == nil && len(s.shares) < maxShareTexts && len(t) <= maxInternedLen {
		s.shares[strings.Clone(t)] = v
	}
	return v, err
}
