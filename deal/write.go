package deal

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
)

// WriteCSV writes deals as a CSV file that [ReadCSV] reads back: a header
// of the standard [Columns] and of schema's attributes, then one row a
// deal. Amounts and shares are written in plain notation with their
// scale, an absent close date and attribute as an empty field.
//
// It returns an error, naming the deal, for a deal whose values a CSV file
// cannot hold: an attribute schema does not declare, a split member with
// ':' or ';', a list item with ';'. The error of w is returned as it is.
func WriteCSV(w io.Writer, deals []Deal, schema *Schema) error {
	cw := csv.NewWriter(w)
	header := slices.Clone(Columns)
	attrs := schema.list()
	for _, a := range attrs {
		header = append(header, a.Name)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	var b strings.Builder
	for i := range deals {
		d := &deals[i]
		for k := range d.Attrs.All() {
			if _, _, ok := schema.Lookup(k); !ok {
				return fmt.Errorf("deal %s: attrs.%s: attribute not declared in the strategy", d.ID, k)
			}
		}
		rec[fID], rec[fDate], rec[fAmount], rec[fCurrency], rec[fOwner] = d.ID, d.Date.String(), plain(d.Amount), d.Currency, d.Owner
		rec[fChannel], rec[fTerritory], rec[fProduct], rec[fStage], rec[fType] = d.Channel, d.Territory, d.Product, d.Stage, d.Type
		rec[fCloseDate] = ""
		if !d.CloseDate.IsZero() {
			rec[fCloseDate] = d.CloseDate.String()
		}
		b.Reset()
		for j, s := range d.Splits {
			if strings.ContainsAny(s.Member, ":;") {
				return fmt.Errorf("deal %s: splits[%d].member: %q holds ':' or ';', which the splits column cannot hold", d.ID, j, s.Member)
			}
			if j > 0 {
				b.WriteByte(';')
			}
			b.WriteString(s.Member)
			b.WriteByte(':')
			b.WriteString(plain(s.Share))
		}
		rec[fSplits] = b.String()
		for j, a := range attrs {
			v, ok := d.Attrs.Slot(schema, j)
			if !ok {
				rec[nStd+j] = ""
				continue
			}
			if !a.Type.holds(v) {
				return fmt.Errorf("deal %s: attrs.%s: want %s, got %T", d.ID, a.Name, article(a.Type.String()), v)
			}
			if l, ok := v.([]string); ok && slices.ContainsFunc(l, func(s string) bool { return strings.Contains(s, ";") }) {
				return fmt.Errorf("deal %s: attrs.%s: an item holds ';', which a list column cannot hold", d.ID, a.Name)
			}
			rec[nStd+j] = formatValue(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
