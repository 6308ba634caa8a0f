// Package paramtable is the table of calibratable parameters: every
// behavioural parameter `tajikpeace calibrate` and `tajikpeace sensitivity`
// may take without an explicit range, with its meaning, the source passage
// it rests on, its value in the built-in baseline and the range the sources
// allow. docs/model.md section 10 prints the same table for readers; a test
// fails when the two disagree, and another that every path loads at both
// ends of its range.
package paramtable

import (
	"math"
)

// Row is one calibratable parameter.
type Row struct {
	Path     string  // scenario key path, e.g. observers.russia.interests.taliban
	Meaning  string  // what it weighs, in words
	Source   string  // the seed passage it rests on (docs/model.md cites it)
	Baseline float64 // its value in the built-in baseline
	Min, Max float64 // the range the sources allow: default prior and sweep range
}

// Points returns n evenly spaced values of the row's range, from Min to
// Max, each rounded if whole (the scenario key takes whole numbers:
// scenarios.WholeNumber; this package sits below scenarios): the points of
// a sweep of the parameter (the cliff tests, the fit's cliff penalty).
func (r Row) Points(n int, whole bool) []float64 {
	vs := make([]float64, n)
	for k := range vs {
		v := r.Min + (r.Max-r.Min)*float64(k)/float64(n-1)
		if whole {
			v = math.Round(v)
		}
		vs[k] = v
	}
	return vs
}

// Rows returns the table, in docs/model.md's order (a copy: callers may
// change it).
func Rows() []Row { return append([]Row(nil), rows...) }

// Find returns the row of a path.
func Find(path string) (Row, bool) {
	for _, r := range rows {
		if r.Path == path {
			return r, true
		}
	}
	return Row{}, false
}

var rows = []Row{
	{"parties.government.willingness.pressure", "weight of pressure on the government's willingness", "004 Multi-dimensional tactic (Russia and the UN pressured the government)", 0.3, 0, 4},
	{"parties.uto.willingness.pressure", "weight of pressure on the UTO's willingness", "003 Pressure for Peace (Massoud's pressure the most convincing)", 2.06, 0, 4},
	{"parties.government.willingness.stalemate", "weight of the hurting stalemate, government", "003 Third Stage (stalemate accelerated the process)", 0.488, 0, 3},
	{"parties.uto.willingness.stalemate", "weight of the hurting stalemate, UTO", "003 Third Stage", 0.821, 0, 3},
	{"parties.uto.willingness.prospect", "how much expecting gains lowers the UTO's willingness", "001 (negotiations an extension of the battleground)", 1.73, 0, 3},
	{"parties.government.willingness.prospect", "how much military superiority discounts the government's willingness", "004 Multi-dimensional tactic", 1.89, 0, 3},
	{"parties.uto.cohesion", "share of the UTO following its leaders", "003 Domestic Factors (field commanders resisted)", 0.613, 0.3, 0.95},
	{"parties.government.cohesion", "share of the government side following its leaders", "003 Domestic Factors", 0.649, 0.3, 0.95},
	{"parties.uto.leader_will", "Nuri's power to carry the hardliners", "003 Domestic Factors", 1, 0.3, 1},
	{"parties.government.leader_will", "Rahmonov's power to carry the hardliners", "003 Domestic Factors", 0.964, 0.3, 1},
	{"observers.russia.interests.taliban", "weight Russia gives the Taliban threat", "003 Pressure for Peace; 004 Chapter 1", 1.2, 0, 3},
	{"observers.russia.interests.troop_cost", "weight Russia gives the cost to its border troops", "003 Stage II (post-Afghan syndrome)", 2.21, 0, 4},
	{"observers.russia.interests.influence", "weight Russia gives influence through the government's victory", "003 Stage I (belief in force)", 1.06, 0, 2},
	{"observers.afghanistan.interests.dependence", "Massoud's need of Russian goodwill, times the Taliban threat", "003 Pressure for Peace (Russia the only source of supplies)", 4.62, 0, 5},
	{"observers.uzbekistan.interests.influence", "weight Uzbekistan gives its client's victory", "003 Geopolitical interference; 004 Regional Intervention", 0.282, 0, 2},
	{"observers.iran.interests.taliban", "weight Iran gives the Taliban threat", "003 Pressure for Peace; 004 Regional Intervention", 1.68, 0, 3},
	{"mechanisms.track2.knowledge_gain", "weekly learning the Inter-Tajik Dialogue adds", "001 Saunders; 003 Stage II", 0.0091, 0, 0.01},
	{"mediator.shuttle_gain", "weekly learning from shuttle diplomacy", "000 role of Special Envoys", 0.00126, 0, 0.01},
	{"mechanisms.battlefield.offensive_threshold", "operations at which a leadership itself breaks a ceasefire", "002 (Tavildara offensive)", 0.544, 0.1, 0.6},
	{"mechanisms.battlefield.violation_rate", "violations per unit of operations under a ceasefire", "002 Establishment of UNMOT", 1, 0.1, 1},
	{"mechanisms.battlefield.tension_decay", "weekly decay of unresolved violations", "002; 000 Strengths (e)", 0.00309, 0.002, 0.2},
	{"mechanisms.battlefield.collapse_tension", "unresolved violations that collapse a ceasefire", "002 (by July 1996 the ceasefire had all but collapsed)", 1.44, 0.3, 3},
	{"mechanisms.battlefield.relocation_rate", "weekly return of UTO units from Afghanistan", "002 (from July 1995); 003 Second Stage", 0.0214, 0.005, 0.06},
	{"mechanisms.battlefield.mountain_factor", "the government army's effectiveness in the mountains", "003 Third Stage (unable to regain Gharm)", 0.36, 0.2, 1},
	{"parties.uto.recruitment", "weekly UTO recruitment from its resources", "003 Second Stage (new wave of volunteers)", 0.00715, 0.002, 0.03},
	{"parties.government.willingness.rivals", "how much a seated rival faction lowers the government's willingness", "004 Response to Single Governance", 0.15, 0, 0.5},
	{"parties.government.willingness.depletion", "how much lost resources make the government willing", "001 (irreversible depletion of supplies)", 0.283, 0.1, 2},
	{"parties.uto.willingness.depletion", "how much lost resources make the UTO willing", "001; 003 Pressure for Peace (supplies cut)", 0.1, 0.1, 2},
	{"parties.government.willingness.deadlock", "yearly cost to the government of talks that sign nothing", "003 Pressure for Peace (Russia tired of lengthy talks)", 0.02, 0.02, 0.5},
	{"parties.uto.willingness.deadlock", "yearly cost to the UTO of talks that sign nothing", "003 Pressure for Peace", 0.125, 0.02, 0.5},
	{"mechanisms.offer.acceptance_spread", "softness of a delegation's limit (logistic width, × flexibility)", "issue: no knife edges; 001 Hay (margins of flexibility)", 0.1, 0.1, 0.5},
	{"mechanisms.offer.fighting_cost", "how much a broken ceasefire narrows tolerance on other texts", "002 General Agreement and Expansion of UNMOT (Ashgabat round during the fighting)", 0.203, 0.1, 0.95},
	{"mechanisms.battlefield.gains_weight", "how much gaining ground narrows a side's tolerance", "001 (talks an extension of the battleground)", 0.294, 0.1, 0.8},
	{"mechanisms.battlefield.eve_of_round_boost", "extra operations in the weeks before a meeting", "003 Second Stage (clashes on the eve of rounds)", 0.161, 0.05, 0.6},
	{"mechanisms.battlefield.peacekeeping_cost", "cost to Russia's peacekeepers of the fighting", "002 Background; 000 CIS Peacekeeping forces", 0.02, 0.02, 0.3},
	{"mechanisms.sequencing.framing", "how far the Fundamental Principles pull later ideals together", "000 (d) (basic political parameters)", 0.129, 0.1, 0.8},
	{"mechanisms.leaders.summit_reach", "how much a leaders' meeting widens a leader's tolerance", "003 Domestic Factors (personal contribution of the leaders)", 0.2, 0.2, 1},
	{"calendar.readiness", "both parties' willingness at which the envoy convenes", "000 role of Special Envoys", 0.302, 0.1, 0.6},
	{"calendar.crisis_readiness", "willingness at which the envoy convenes in a ceasefire crisis", "002 (Islamabad extension; Khusdeh restoration)", 0.496, 0.05, 0.5},
	{"calendar.host_pull", "how much a host's offer lowers the envoy's threshold", "004 Chapter I (choosing the host)", 0, 0, 0.5},
	{"calendar.council_patience", "weeks without a meeting before the Security Council presses", "000 (Council backing strengthened the envoys)", 20, 13, 104},
}
