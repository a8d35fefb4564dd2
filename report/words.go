package report

import (
	"regexp"
	"strings"

	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/payout"
)

// What a line is, for a person.
var kindWords = map[commission.LineKind]string{
	"direct":              "Your deal",
	"split":               "Your share of a split deal",
	"rollup":              "Your team's deal",
	"overlay":             "Overlay credit",
	commission.PeriodLine: "For the period",
	commission.RetroLine:  "Re-priced",
	commission.CapLine:    "Cap",
	commission.GateLine:   "Not paid: gate",
}

func kindWord(k commission.LineKind) string {
	if w, ok := kindWords[k]; ok {
		return w
	}
	return string(k)
}

// What a payout item is, for a person.
var itemWords = map[payout.Kind]string{
	payout.Earned:    "Earned this period",
	payout.Release:   "Released from earlier",
	payout.TrueUp:    "Correction of a closed period",
	payout.Clawback:  "Clawed back",
	payout.Draw:      "Draw (advance)",
	payout.Guarantee: "Guarantee top-up",
	payout.Recovery:  "Draw recovered",
	payout.Forgiven:  "Draw forgiven",
	payout.Cap:       "Yearly cap",
	payout.Forfeited: "Forfeited",
}

func itemWord(k payout.Kind) string {
	if w, ok := itemWords[k]; ok {
		return w
	}
	return string(k)
}

// jargon rewrites the vocabulary of an explanation (rule names, x for
// times, table and band references) into words; the numbers stay as the
// engine wrote them.
type jargon struct {
	names Names
}

var (
	refRE   = regexp.MustCompile(`\b(measure|attainment|quota|params)\.([A-Za-z_][A-Za-z0-9_]*)`)
	tableRE = regexp.MustCompile(` \(table [^,()]+, (band [^,()]+|below the table), slice [^()]+\)`)
	roundRE = regexp.MustCompile(` = [0-9.,\-]+, rounded half-(even|up)`)
	runRE   = regexp.MustCompile(`^\(?running ([A-Za-z_][A-Za-z0-9_]*) `)
	timesRE = regexp.MustCompile(` x `)
	multRE  = regexp.MustCompile(` \(multiplier [^()]*(\([^()]*\)[^()]*)*\)`)
	gateRE  = regexp.MustCompile(`^gate closed: (.*) is false`)
	opWords = strings.NewReplacer(" >= ", " at least ", " <= ", " at most ", " == ", " is ", " != ", " is not ", " && ", " and ", " || ", " or ", " * ", " × ")
)

// words rewrites an explanation for a person.
func (j jargon) words(l commission.Line) string {
	e := l.Explanation
	if e == "" {
		return ""
	}
	if m := gateRE.FindStringSubmatch(e); m != nil {
		e = "nothing is paid unless " + m[1] + e[len(m[0]):]
	}
	e = runRE.ReplaceAllStringFunc(e, func(s string) string {
		m := runRE.FindStringSubmatch(s)
		prefix := ""
		if strings.HasPrefix(s, "(") {
			prefix = "("
		}
		return prefix + "your " + strings.ToLower(j.names.Measure(m[1])) + " went from "
	})
	e = tableRE.ReplaceAllString(e, "")
	e = multRE.ReplaceAllString(e, " (multiplier)")
	e = roundRE.ReplaceAllString(e, "")
	e = timesRE.ReplaceAllString(e, " × ")
	e = refRE.ReplaceAllStringFunc(e, func(s string) string {
		m := refRE.FindStringSubmatch(s)
		switch m[1] {
		case "measure":
			return j.names.Measure(m[2])
		case "attainment":
			return "attainment of " + j.names.Measure(m[2])
		case "quota":
			return "quota of " + j.names.Measure(m[2])
		}
		return strings.ReplaceAll(m[2], "_", " ")
	})
	e = opWords.Replace(e)
	return e
}
