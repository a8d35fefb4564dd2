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
// condition Require must hold too, or the deal violates the policy and
// Message says why ("a discount above 20% needs an approver").
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
