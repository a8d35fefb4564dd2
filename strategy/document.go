package strategy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/internal/yamldoc"
	"github.com/salesplan/salesplan/money"
	"github.com/salesplan/salesplan/process"
	"github.com/salesplan/salesplan/targets"
)

// Version is the version of the document format this package reads, the
// value of a document's version key.
const Version = 1

// Document is a strategy document as written: plain values with yaml and
// json tags. [Parse] decodes one from YAML or JSON; a Go user can fill one
// in by hand and pass it to [New], which runs the same validation.
//
// Each section's types live in the package that owns it; Document composes
// them.
type Document struct {
	// Version is the format version; it must be 1.
	Version int `yaml:"version" json:"version"`
	// Name names the strategy (the company, the plan year).
	Name        string `yaml:"name" json:"name"`
	Description string `yaml:"description" json:"description,omitempty"`
	// Calendar is the fiscal calendar; the zero value is the calendar year
	// in calendar months.
	Calendar calendar.Calendar `yaml:"calendar" json:"calendar"`
	// Currency is the ISO 4217 code amounts are paid in unless a plan says
	// otherwise.
	Currency string `yaml:"currency" json:"currency"`
	// Rounding is how statement lines are rounded to the currency's minor
	// unit: half-even (the default) or half-up.
	Rounding money.Rounding `yaml:"rounding" json:"rounding"`
	// Attributes declares the custom attributes deals carry, with their
	// types, so that rules that read them are type-checked.
	Attributes []Attribute `yaml:"attributes" json:"attributes,omitempty"`

	Organisation `yaml:",inline"`

	// Targets sets quotas: seasonality, ramps, proration, allocation.
	Targets targets.Section `yaml:"targets" json:"targets"`
	// Process defines the sales processes: stages, criteria, policies.
	Process process.Section `yaml:"process" json:"process"`
	// Commission defines measures, rate tables, crediting rules and plans.
	Commission commission.Section `yaml:"commission" json:"commission"`
}

// Attribute declares a custom deal attribute: deal.attrs.<name> in rules,
// a column of that name in a deals file.
type Attribute struct {
	Name string `yaml:"name" json:"name"`
	// Type is string, decimal, integer, boolean, date or [string].
	Type     string `yaml:"type" json:"type"`
	Required bool   `yaml:"required" json:"required,omitempty"`
}

// Strategy is a parsed, validated sales strategy: its calendar, currency,
// organisation and deal attributes, with every expression compiled.
//
// A Strategy is immutable once made and safe for concurrent use by any
// number of goroutines; what varies from run to run is passed to the run.
type Strategy struct {
	name     string
	desc     string
	file     string
	cal      calendar.Calendar
	currency string
	rounding money.Rounding
	schema   *deal.Schema
	org      *Org
	book     *targets.Book
	proc     *process.Book // nil without a process section
	comm     *commission.Engine
	// counts for the summary
	targets, processes int
	// ramped lists, by measure, who carries a quota with a ramp (nil:
	// any member), so that a payout looks up ramped quotas only there
	ramped map[string][]string
}

// Option configures how a document is parsed and compiled.
type Option func(*config) error

type config struct {
	limits    yamldoc.Limits
	functions map[string]any
}

// WithFunction lets every rule of the strategy call fn by name: a Go func
// with typed parameters and one result, optionally followed by an error
// (an exchange-rate lookup, a product catalogue). The name must not clash
// with a built-in function.
func WithFunction(name string, fn any) Option {
	return func(c *config) error {
		if name == "" || fn == nil {
			return fmt.Errorf("strategy: WithFunction: a function needs a name and a func")
		}
		if c.functions == nil {
			c.functions = map[string]any{}
		}
		if _, dup := c.functions[name]; dup {
			return fmt.Errorf("strategy: WithFunction: %s is given twice", name)
		}
		c.functions[name] = fn
		return nil
	}
}

// WithMaxBytes limits the size of a document Parse and Load accept (32
// MiB by default); Load checks it before reading past it.
func WithMaxBytes(n int) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("strategy: WithMaxBytes(%d): the limit must be positive", n)
		}
		c.limits.MaxBytes = n
		return nil
	}
}

func newConfig(opts []Option) (*config, error) {
	c := &config{}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Parse decodes a strategy document from src (YAML, or JSON) and validates
// it. file names the document in error positions. The error, when there is
// one, is a [diag.List] of every problem, each with its file:line:col; no
// Strategy is returned then.
func Parse(file string, src []byte, opts ...Option) (*Strategy, error) {
	c, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	var doc Document
	ix, list := yamldoc.Decode(file, src, &doc, c.limits)
	if len(list) > 0 {
		return nil, list
	}
	givenNulls(ix, &doc)
	s, list := build(doc, c)
	if len(list) > 0 {
		return nil, ix.Locate(list)
	}
	s.file = file
	return s, nil
}

// givenNulls sets the fields of the team changes that the document gives
// as null (parent: ~) to their empty value, which the decoder leaves nil,
// as if they were not given: in a change, a null parent makes the team a
// root, as an empty one does.
func givenNulls(ix *yamldoc.Index, doc *Document) {
	for i := range doc.Teams {
		for j := range doc.Teams[i].Changes {
			c := &doc.Teams[i].Changes[j]
			path := fmt.Sprintf("teams[%d].changes[%d].", i, j)
			if c.Parent == nil && ix.Has(path+"parent") {
				c.Parent = new("")
			}
			if c.Manager == nil && ix.Has(path+"manager") {
				c.Manager = new("")
			}
			if c.Channels == nil && ix.Has(path+"channels") {
				c.Channels = new([]string{})
			}
			if c.Territories == nil && ix.Has(path+"territories") {
				c.Territories = new([]string{})
			}
		}
	}
}

// Load reads the strategy document at path and parses it as [Parse] does.
// A file larger than the size limit (32 MiB unless [WithMaxBytes] says
// otherwise) is refused before it is read, with a [diag.TooLarge]
// problem.
func Load(path string, opts ...Option) (*Strategy, error) {
	c, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	limit := c.limits.WithDefaults().MaxBytes
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var b bytes.Buffer
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		if fi.Size() > int64(limit) {
			return nil, tooLarge(path, fmt.Sprintf("the document is %d bytes, more than the limit of %d", fi.Size(), limit))
		}
		b.Grow(int(fi.Size()) + bytes.MinRead)
	}
	// The file may grow, or not be a regular file: read at most one byte
	// past the limit.
	if _, err := b.ReadFrom(io.LimitReader(f, int64(limit)+1)); err != nil {
		return nil, err
	}
	if b.Len() > limit {
		return nil, tooLarge(path, fmt.Sprintf("the document is more than %d bytes, the limit", limit))
	}
	return Parse(path, b.Bytes(), opts...)
}

func tooLarge(path, msg string) error {
	return diag.List{{Pos: diag.Pos{File: path}, Code: diag.TooLarge, Message: msg}}
}

// New validates a document built in Go and returns its Strategy. Its
// problems are those [Parse] reports, by path, without positions.
func New(doc Document, opts ...Option) (*Strategy, error) {
	c, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	s, list := build(doc, c)
	if len(list) > 0 {
		return nil, list.Err()
	}
	return s, nil
}

// build validates doc section by section, collecting every problem.
func build(doc Document, c *config) (*Strategy, diag.List) {
	var list diag.List
	s := &Strategy{name: doc.Name, desc: doc.Description, cal: doc.Calendar, currency: doc.Currency, rounding: doc.Rounding,
		targets: len(doc.Targets.Quotas), processes: len(doc.Process.Processes)}
	switch doc.Version {
	case Version:
	case 0:
		list.Add("version", diag.Missing, "missing version: start the document with version: %d", Version)
	default:
		list.Add("version", diag.InvalidValue, "unsupported version %d: this salesplan reads version %d", doc.Version, Version)
	}
	if doc.Name == "" {
		list.Add("name", diag.Missing, "missing name of the strategy")
	}
	if err := doc.Calendar.Validate(); err != nil {
		list.Add("calendar", diag.InvalidValue, "%s", err)
	}
	if doc.Currency == "" {
		list.Add("currency", diag.Missing, "missing currency (a three-letter ISO 4217 code such as USD)")
	} else if err := money.CheckCurrency(doc.Currency); err != nil {
		list.Add("currency", diag.InvalidValue, "%s", err)
	}
	if !doc.Rounding.Valid() {
		list.Add("rounding", diag.InvalidValue, "unknown rounding %v (want half-even, half-up, half-down, down, up, ceiling or floor)", doc.Rounding)
	}
	s.schema = buildSchema(&list, doc.Attributes)
	org, err := NewOrg(doc.Organisation)
	list.Append("", diag.InvalidValue, err)
	s.org = org
	if org == nil || s.schema == nil && len(doc.Attributes) > 0 {
		return s, list // the sections below need a valid organisation
	}
	var measures, counts []string
	for _, m := range doc.Commission.Measures {
		measures = append(measures, m.ID)
		if m.Count {
			counts = append(counts, m.ID)
		}
	}
	book, err := targets.Compile(doc.Targets, targets.Env{Calendar: doc.Calendar, Org: org, Measures: measures, Counts: counts,
		Currency: doc.Currency, Rounding: doc.Rounding})
	appendSection(&list, "targets", err)
	s.book = book
	s.ramped = rampedOwners(doc.Targets.Quotas)
	if len(doc.Process.Processes) > 0 || len(doc.Process.Policies) > 0 {
		proc, err := process.Compile(doc.Process, process.Config{Schema: s.schema, Functions: c.functions})
		appendSection(&list, "process", err)
		s.proc = proc
	}
	cfg := commission.Config{Org: org, Channels: org, Currency: doc.Currency, Rounding: doc.Rounding, Schema: s.schema, Functions: c.functions}
	if book != nil {
		cfg.Quotas = book
		cfg.Stretch = yearToDateStretch{book: book, cal: doc.Calendar}
	}
	if org.HasTerms() {
		cfg.Terms = org
	}
	if doc.Calendar.Validate() == nil {
		cfg.Calendar = doc.Calendar // its months give a period's share of the year (an invalid one is reported above)
	}
	comm, err := commission.Compile(doc.Commission, cfg)
	appendSection(&list, "commission", err)
	s.comm = comm
	return s, list
}

// appendSection adds the problems of a section to list, their paths
// prefixed with the section's key.
func appendSection(list *diag.List, key string, err error) {
	var l diag.List
	switch {
	case err == nil:
	case errors.As(err, &l):
		*list = append(*list, l.Prefix(key)...)
	default:
		list.Add(key, diag.InvalidValue, "%v", err)
	}
}

// Targets returns the compiled targets section: quotas by member, team,
// territory, channel and role.
func (s *Strategy) Targets() *targets.Book { return s.book }

// Process returns the compiled sales processes, or nil when the document
// has no process section.
func (s *Strategy) Process() *process.Book { return s.proc }

// Commission returns the compiled commission section.
func (s *Strategy) Commission() *commission.Engine { return s.comm }

func buildSchema(list *diag.List, decls []Attribute) *deal.Schema {
	attrs := make([]deal.Attr, 0, len(decls))
	seen := map[string]int{}
	ok := true
	for i, a := range decls {
		path := fmt.Sprintf("attributes[%d]", i)
		if a.Name == "" {
			list.Add(path+".name", diag.Missing, "missing attribute name")
			ok = false
			continue
		}
		if j, dup := seen[a.Name]; dup {
			list.Add(path+".name", diag.DuplicateID, "attribute %s is declared twice (first at attributes[%d])", a.Name, j)
			ok = false
			continue
		}
		seen[a.Name] = i
		t, err := deal.ParseAttrType(a.Type)
		if err != nil {
			p := list.Add(path+".type", diag.InvalidValue, "%s", err)
			p.Hint = diag.DidYouMean(a.Type, []string{"string", "decimal", "integer", "boolean", "date", "[string]"})
			ok = false
			continue
		}
		attrs = append(attrs, deal.Attr{Name: a.Name, Type: t, Required: a.Required})
	}
	if !ok {
		return nil
	}
	schema, err := deal.NewSchema(attrs...)
	if err != nil {
		list.Add("attributes", diag.InvalidValue, "%s", err)
	}
	return schema
}

// Name returns the strategy's name.
func (s *Strategy) Name() string { return s.name }

// Description returns the strategy's description.
func (s *Strategy) Description() string { return s.desc }

// File returns the file the strategy was parsed from, or "" for one made by
// [New].
func (s *Strategy) File() string { return s.file }

// Calendar returns the fiscal calendar.
func (s *Strategy) Calendar() calendar.Calendar { return s.cal }

// Currency returns the strategy's currency.
func (s *Strategy) Currency() string { return s.currency }

// Rounding returns how statement lines are rounded.
func (s *Strategy) Rounding() money.Rounding { return s.rounding }

// Schema returns the custom deal attributes the strategy declares.
func (s *Strategy) Schema() *deal.Schema { return s.schema }

// Org returns the sales organisation.
func (s *Strategy) Org() *Org { return s.org }
