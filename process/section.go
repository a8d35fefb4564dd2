package process

import "github.com/shopspring/decimal"

// Section is the process section of a strategy document (the process: key),
// as written: the global policies and the sales processes. A Go user can
// fill one in by hand and compile it with [Compile].
type Section struct {
	// Policies are checked on every deal, whatever its stage (or only in
	// the stages a policy names).
	Policies []PolicyDef `yaml:"policies" json:"policies,omitempty"`
	// Processes are the sales processes; each deal falls under exactly
	// one of them, chosen by their Applies conditions.
	Processes []ProcessDef `yaml:"processes" json:"processes,omitempty"`
}

// PolicyDef is a named rule: when the condition When holds on a deal, the
// condition Require must hold too, or the deal violates (breaks) the
// policy and Message says why ("a discount above 20% needs an approver").
// OnBreak says what a run does with a won deal that breaks it:
//
//	policies:
//	  - id: discount-approval
//	    when: deal.attrs.discount > 0.2
//	    require: deal.attrs.approver != ""
//	    message: a discount above 20% needs an approver
//	    on_break: block            # or flag, the default, or error
type PolicyDef struct {
	ID string `yaml:"id" json:"id"`
	// When is a condition over the deal (deal.amount > 250000); empty
	// means every deal.
	When string `yaml:"when" json:"when,omitempty"`
	// Require is the condition over the deal that must hold when When
	// does. It is required.
	Require string `yaml:"require" json:"require"`
	// Message is what a violation says. It is required.
	Message string `yaml:"message" json:"message"`
	// Stages, on a global policy, limits it to deals in these stages (of
	// any process); empty means every stage. A policy bound to a stage
	// leaves it empty.
	Stages []string `yaml:"stages" json:"stages,omitempty"`
	// OnBreak is what a run does with a won deal that breaks the policy
	// ([Book.Enforce]): [OnBreakFlag] (flag, the default) pays it and
	// flags its lines, [OnBreakBlock] (block) pays nothing on it and says
	// why, [OnBreakError] (error) stops the run with an error that names
	// the deal. It does not change [Book.Check] or [Book.CheckMove],
	// which report every violation whatever it says.
	OnBreak OnBreak `yaml:"on_break" json:"on_break,omitempty"`
}

// OnBreak is what a run does with a deal that breaks a policy. The empty
// OnBreak is [OnBreakFlag].
//
// Flag is the default because it is what a comp administrator expects of
// a policy that says nothing more, and what keeps a document written
// before on_break existed paying what it paid: the deal is paid as
// before, and the break is no longer silent. Blocking a deal, or stopping
// payroll, changes what people are paid, so a document asks for it.
type OnBreak string

// The actions on a break.
const (
	// OnBreakFlag pays the deal as if it broke nothing, and reports the
	// break: its lines carry a flag, and the run's result lists it.
	OnBreakFlag OnBreak = "flag"
	// OnBreakBlock pays nothing on the deal: it earns nothing, counts
	// toward no measure or attainment, and the statement says which
	// policy blocked it and why.
	OnBreakBlock OnBreak = "block"
	// OnBreakError stops the run: it fails with an error that names every
	// deal that breaks such a policy, and the policy.
	OnBreakError OnBreak = "error"
)

func (o OnBreak) valid() bool {
	switch o {
	case "", OnBreakFlag, OnBreakBlock, OnBreakError:
		return true
	}
	return false
}

// weight orders the actions: a deal that breaks several policies gets
// the strongest (error, then block, then flag).
func (o OnBreak) weight() int {
	switch o {
	case OnBreakError:
		return 2
	case OnBreakBlock:
		return 1
	}
	return 0
}

// ProcessDef is one sales process: the deals it applies to and its ordered
// stages.
type ProcessDef struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name,omitempty"`
	// Applies is a condition over the deal (deal.channel == "direct");
	// empty means every deal.
	Applies string `yaml:"applies" json:"applies,omitempty"`
	// AllowSkip lets a deal move forward past open stages.
	AllowSkip bool `yaml:"allow_skip" json:"allow_skip,omitempty"`
	// AllowBack lets a deal move back to an earlier open stage.
	AllowBack bool `yaml:"allow_back" json:"allow_back,omitempty"`
	// AllowReopen lets a deal leave a won or lost stage.
	AllowReopen bool `yaml:"allow_reopen" json:"allow_reopen,omitempty"`
	// Stages are in the order a deal goes through them. Won and lost
	// stages may stand anywhere; there must be at least one won stage.
	Stages []StageDef `yaml:"stages" json:"stages"`
}

// StageDef is one stage of a process.
type StageDef struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name,omitempty"`
	// Probability is the chance of winning a deal in this stage, from 0
	// to 1; it weights the pipeline.
	Probability decimal.Decimal `yaml:"probability" json:"probability"`
	// Entry is a condition over the deal that must hold to enter the stage
	// and while the deal is in it; empty means none.
	Entry string `yaml:"entry" json:"entry,omitempty"`
	// Exit is a condition over the deal that must hold to move forward
	// out of the stage; empty means none.
	Exit string `yaml:"exit" json:"exit,omitempty"`
	// Required names the deal fields that must be set in this stage:
	// amount, close_date, product, owner, channel, territory, type,
	// currency, date, splits, or attrs.<name>.
	Required []string `yaml:"required" json:"required,omitempty"`
	// Outcome marks a terminal stage: [Won] or [Lost]; empty for an open
	// stage.
	Outcome Outcome `yaml:"outcome" json:"outcome,omitempty"`
	// Forecast is the forecast category of the open deals in this stage;
	// empty means [Pipeline]. A deal's attrs.forecast_category, when set,
	// takes precedence.
	Forecast Category `yaml:"forecast" json:"forecast,omitempty"`
	// Policies are checked on deals in this stage and on deals entering it.
	Policies []PolicyDef `yaml:"policies" json:"policies,omitempty"`
}

// Outcome is the result a terminal stage stands for.
type Outcome string

// The outcomes; the empty Outcome is an open stage.
const (
	Won  Outcome = "won"
	Lost Outcome = "lost"
)

// Category is a forecast category.
type Category string

// The forecast categories of open deals.
const (
	Commit   Category = "commit"
	BestCase Category = "best_case"
	Pipeline Category = "pipeline"
	Omitted  Category = "omitted"
)

func (c Category) valid() bool {
	switch c {
	case Commit, BestCase, Pipeline, Omitted:
		return true
	}
	return false
}
