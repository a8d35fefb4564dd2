package process

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/internal/rules"
	"github.com/shopspring/decimal"
)

// Config is what a process section is compiled with.
type Config struct {
	// Schema declares the custom deal attributes rules may read and
	// required fields may name (attrs.<name>).
	Schema *deal.Schema
	// Functions are extra functions rules may call, by name: Go funcs
	// with typed parameters and a result (and optionally an error).
	Functions map[string]any
}

// Book is a compiled process section: every process with its stages,
// criteria and policies compiled. It is immutable and safe for concurrent
// use; its methods work on the values they are given.
type Book struct {
	processes []*Process
	byID      map[string]*Process
	policies  []*policy
}

// Process is one compiled sales process of a [Book]. It is immutable and
// safe for concurrent use.
type Process struct {
	id, name                        string
	applies                         *rules.Rule[dealEnv]
	allowSkip, allowBack, allowReop bool
	stages                          []*stage
	index                           map[string]int
}

type stage struct {
	Stage
	pos         int
	entry, exit *rules.Rule[dealEnv]
	entrySrc    string
	exitSrc     string
	policies    []*policy
}

type policy struct {
	id      string
	when    *rules.Rule[dealEnv]
	require *rules.Rule[dealEnv]
	message string
	stages  []string
	onBreak OnBreak // never empty
}

// Stage describes one stage of a [Process].
type Stage struct {
	ID          string          `json:"id"`
	Name        string          `json:"name,omitempty"`
	Probability decimal.Decimal `json:"probability"`
	Outcome     Outcome         `json:"outcome,omitempty"`
	Forecast    Category        `json:"forecast"`
	Required    []string        `json:"required,omitempty"`
}

// dealEnv is the environment of every process rule: the deal.
type dealEnv struct {
	Deal *deal.Deal `expr:"deal"`
}

// fieldNames are the deal fields a stage may require, besides attrs.<name>.
var fieldNames = []string{"id", "date", "amount", "currency", "owner", "channel", "territory", "product", "stage", "type", "close_date", "splits"}

type compiler struct {
	list   diag.List
	env    *rules.Env
	schema *deal.Schema
}

// problem adds a compile error of the rule at path to the problems,
// keeping its line and column inside the expression.
func (c *compiler) problem(path string, err error) {
	c.list = append(c.list, rules.Problem(path, err))
}

func (c *compiler) rule(path, src string) *rules.Rule[dealEnv] {
	if src == "" {
		return nil
	}
	r, err := rules.Compile[dealEnv](c.env, path, src, rules.Bool)
	if err != nil {
		c.problem(path, err)
		return nil
	}
	return r
}

// Compile validates a process section and compiles its expressions. The
// error, when there is one, is a [diag.List] of every problem by path
// inside the section (processes[0].stages[2].probability): missing and
// duplicate ids, unknown stages, probabilities outside 0..1, a process with
// no won stage, unknown outcomes, forecast categories and required fields,
// and criteria that do not compile, with their line and column inside the
// expression.
func Compile(sec Section, cfg Config) (*Book, error) {
	opts := []rules.Option{rules.WithSchema(cfg.Schema)}
	names := make([]string, 0, len(cfg.Functions))
	for n := range cfg.Functions {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		opts = append(opts, rules.WithFunction(n, cfg.Functions[n]))
	}
	env, err := rules.NewEnv(opts...)
	if err != nil {
		return nil, err
	}
	c := &compiler{env: env, schema: cfg.Schema}
	b := &Book{byID: map[string]*Process{}}

	if len(sec.Processes) == 0 {
		c.list.Add("processes", diag.Missing, "no process is defined")
	}
	allStages := map[string]bool{}
	for i, pd := range sec.Processes {
		path := fmt.Sprintf("processes[%d]", i)
		p := c.process(path, pd)
		for _, s := range p.stages {
			allStages[s.ID] = true
		}
		if pd.ID == "" {
			continue
		}
		if _, dup := b.byID[pd.ID]; dup {
			c.list.Add(path+".id", diag.DuplicateID, "duplicate process id %q", pd.ID)
			continue
		}
		b.byID[pd.ID] = p
		b.processes = append(b.processes, p)
	}
	stageIDs := make([]string, 0, len(allStages))
	for id := range allStages {
		stageIDs = append(stageIDs, id)
	}
	sort.Strings(stageIDs)
	b.policies = c.policies("policies", sec.Policies, stageIDs)

	if len(c.list) > 0 {
		c.list.Sort()
		return nil, c.list
	}
	return b, nil
}

func (c *compiler) process(path string, pd ProcessDef) *Process {
	p := &Process{id: pd.ID, name: pd.Name, allowSkip: pd.AllowSkip, allowBack: pd.AllowBack, allowReop: pd.AllowReopen, index: map[string]int{}}
	if pd.ID == "" {
		c.list.Add(path+".id", diag.Missing, "a process needs an id")
	}
	p.applies = c.rule(path+".applies", pd.Applies)
	if len(pd.Stages) == 0 {
		c.list.Add(path+".stages", diag.Missing, "process %q has no stages", pd.ID)
		return p
	}
	won := false
	for j, sd := range pd.Stages {
		sp := fmt.Sprintf("%s.stages[%d]", path, j)
		s := &stage{Stage: Stage{ID: sd.ID, Name: sd.Name, Probability: sd.Probability, Outcome: sd.Outcome, Forecast: sd.Forecast, Required: slices.Clone(sd.Required)}}
		if sd.ID == "" {
			c.list.Add(sp+".id", diag.Missing, "a stage needs an id")
		} else if _, dup := p.index[sd.ID]; dup {
			c.list.Add(sp+".id", diag.DuplicateID, "duplicate stage id %q in process %q", sd.ID, pd.ID)
		}
		if sd.Probability.IsNegative() || sd.Probability.GreaterThan(decimal.NewFromInt(1)) {
			c.list.Add(sp+".probability", diag.InvalidValue, "probability %s is outside 0 to 1", sd.Probability)
		}
		switch sd.Outcome {
		case "":
		case Won:
			won = true
		case Lost:
		default:
			c.list.Add(sp+".outcome", diag.InvalidValue, "unknown outcome %q (want won or lost)", sd.Outcome).Hint = diag.DidYouMean(string(sd.Outcome), []string{"won", "lost"})
		}
		if s.Forecast == "" {
			s.Forecast = Pipeline
			if sd.Outcome != "" {
				s.Forecast = Omitted
			}
		} else if !s.Forecast.valid() {
			c.list.Add(sp+".forecast", diag.InvalidValue, "unknown forecast category %q (want commit, best_case, pipeline or omitted)", sd.Forecast).Hint = diag.DidYouMean(string(sd.Forecast), []string{"commit", "best_case", "pipeline", "omitted"})
		}
		for k, f := range sd.Required {
			c.required(fmt.Sprintf("%s.required[%d]", sp, k), f)
		}
		s.entry, s.entrySrc = c.rule(sp+".entry", sd.Entry), sd.Entry
		s.exit, s.exitSrc = c.rule(sp+".exit", sd.Exit), sd.Exit
		for k, pol := range sd.Policies {
			if len(pol.Stages) > 0 {
				c.list.Add(fmt.Sprintf("%s.policies[%d].stages", sp, k), diag.InvalidValue, "a policy bound to a stage takes no stages")
			}
		}
		s.policies = c.policies(sp+".policies", sd.Policies, nil)
		if sd.ID != "" {
			if _, dup := p.index[sd.ID]; !dup {
				p.index[sd.ID] = len(p.stages)
			}
		}
		s.pos = len(p.stages)
		p.stages = append(p.stages, s)
	}
	if !won {
		c.list.Add(path+".stages", diag.Missing, "process %q has no won stage (a stage with outcome: won)", pd.ID)
	}
	return p
}

func (c *compiler) required(path, f string) {
	if name, ok := strings.CutPrefix(f, "attrs."); ok {
		if _, _, ok := c.schema.Lookup(name); !ok {
			var declared []string
			for _, a := range c.schema.Attrs() {
				declared = append(declared, a.Name)
			}
			c.list.Add(path, diag.UnknownRef, "unknown attribute %q: the schema does not declare it", name).Hint = diag.DidYouMean(name, declared)
		}
		return
	}
	if !slices.Contains(fieldNames, f) {
		c.list.Add(path, diag.UnknownRef, "unknown deal field %q", f).Hint = diag.DidYouMean(f, fieldNames)
	}
}

// policies compiles a list of policies; stageIDs, when not nil, are the
// stages a global policy may name.
func (c *compiler) policies(path string, defs []PolicyDef, stageIDs []string) []*policy {
	seen := map[string]bool{}
	var out []*policy
	for i, pd := range defs {
		pp := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case pd.ID == "":
			c.list.Add(pp+".id", diag.Missing, "a policy needs an id")
		case seen[pd.ID]:
			c.list.Add(pp+".id", diag.DuplicateID, "duplicate policy id %q", pd.ID)
		}
		seen[pd.ID] = true
		if pd.Require == "" {
			c.list.Add(pp+".require", diag.Missing, "policy %q needs a require condition", pd.ID)
		}
		if pd.Message == "" {
			c.list.Add(pp+".message", diag.Missing, "policy %q needs a message", pd.ID)
		}
		onBreak := pd.OnBreak
		switch {
		case onBreak == "":
			onBreak = OnBreakFlag
		case !onBreak.valid():
			c.list.Add(pp+".on_break", diag.InvalidValue, "unknown on_break %q (want flag, block or error)", pd.OnBreak).Hint = onBreakHint(string(pd.OnBreak))
		}
		if stageIDs != nil {
			for k, s := range pd.Stages {
				if _, found := slices.BinarySearch(stageIDs, s); !found {
					c.list.Add(fmt.Sprintf("%s.stages[%d]", pp, k), diag.UnknownRef, "unknown stage %q", s).Hint = diag.DidYouMean(s, stageIDs)
				}
			}
		}
		out = append(out, &policy{
			id:      pd.ID,
			when:    c.rule(pp+".when", pd.When),
			require: c.rule(pp+".require", pd.Require),
			message: pd.Message,
			stages:  slices.Clone(pd.Stages),
			onBreak: onBreak,
		})
	}
	return out
}

// onBreakHints are words other products use for an on_break action.
var onBreakHints = map[string]OnBreak{
	"warn": OnBreakFlag, "warning": OnBreakFlag, "report": OnBreakFlag, "ignore": OnBreakFlag, "allow": OnBreakFlag,
	"exclude": OnBreakBlock, "skip": OnBreakBlock, "reject": OnBreakBlock, "deny": OnBreakBlock, "hold": OnBreakBlock,
	"fail": OnBreakError, "stop": OnBreakError, "abort": OnBreakError, "refuse": OnBreakError,
}

// onBreakHint says which action an unknown on_break probably means.
func onBreakHint(s string) string {
	if o, ok := onBreakHints[strings.ToLower(s)]; ok {
		return "did you mean " + string(o) + "?"
	}
	return diag.DidYouMean(s, []string{"flag", "block", "error"})
}

// Processes returns the ids of the processes, in the order of the section.
func (b *Book) Processes() []string {
	ids := make([]string, len(b.processes))
	for i, p := range b.processes {
		ids[i] = p.id
	}
	return ids
}

// Process returns the process called id.
func (b *Book) Process(id string) (*Process, bool) {
	p, ok := b.byID[id]
	return p, ok
}

// ID returns the process's id.
func (p *Process) ID() string { return p.id }

// Name returns the process's name, or "" if it has none.
func (p *Process) Name() string { return p.name }

// Stages returns the process's stages, in order.
func (p *Process) Stages() []Stage {
	out := make([]Stage, len(p.stages))
	for i, s := range p.stages {
		out[i] = s.Stage
		out[i].Required = slices.Clone(s.Required)
	}
	return out
}

// Stage returns the stage called id.
func (p *Process) Stage(id string) (Stage, bool) {
	s, ok := p.stage(id)
	if !ok {
		return Stage{}, false
	}
	out := s.Stage
	out.Required = slices.Clone(s.Required)
	return out, true
}

func (p *Process) stage(id string) (*stage, bool) {
	i, ok := p.index[id]
	if !ok {
		return nil, false
	}
	return p.stages[i], true
}
