package sim

import (
	"math"
	"slices"
	"time"

	"github.com/tajikpeace/tajikpeace/scenarios"
)

// Event milestones are reached by what happens on the ground rather than by
// signing a text.
const (
	InForce  = scenarios.InForce
	Collapse = "ceasefire_collapse"
)

// Milestone is a milestone of one run.
type Milestone struct {
	ID      string
	Reached bool
	Date    time.Time
	Venue   string
	Point   float64   // agreed point on the issue's axis (NaN for events)
	Terms   []float64 // the agreed terms, aligned with the issue's Terms
	// Drafts is the number of texts tabled on the issue up to its signing.
	Drafts int
}

// Entry is a line of the readable event log.
type Entry struct {
	Date  time.Time
	Venue string
	Text  string
}

// Sample is one value of the per-step trace: tidy, one row per observation.
type Sample struct {
	Step     int
	Date     time.Time
	Actor    string
	Variable string
	Value    float64
}

// Result is what one run produced.
type Result struct {
	Seed       uint64
	Run        int
	Milestones []Milestone
	Log        []Entry
	Trace      []Sample
	// DeadEndSteps is the longest stretch of steps during which texts
	// remained unsigned and none could be tabled (0 in a healthy model).
	DeadEndSteps int
	// PeaceTurns holds, for each observer in scenario order, the first date
	// its stance pressed the parties for peace (beyond the noise the log
	// ignores; zero if never); Offensives, for the government and the
	// opposition, the first date its operations broke a ceasefire in force.
	// Calibration reads patterns the sources state in words from them
	// (Russia's turn toward peace; the opposition's offensive of early 1996).
	PeaceTurns []time.Time
	Offensives [2]time.Time

	layout *layout
}

// layout is where each milestone sits in a result and which terms it
// carries: the same for every run of a scenario, so runs share it.
type layout struct {
	ids   []string
	index map[string]int
	terms [][]scenarios.Term // by milestone position; nil for events
}

func newLayout(sc *scenarios.Scenario) *layout {
	l := &layout{ids: MilestoneIDs(sc), index: map[string]int{}}
	l.terms = make([][]scenarios.Term, len(l.ids))
	for i, id := range l.ids {
		l.index[id] = i
		for _, is := range sc.Agenda {
			if is.ID == id {
				l.terms[i] = is.Terms
			}
		}
	}
	return l
}

// MilestoneIDs lists a scenario's milestones: each agenda item, with the
// ceasefire's entry into force after the ceasefire and its collapse before
// the text that restores it.
func MilestoneIDs(sc *scenarios.Scenario) []string {
	var ids []string
	for _, is := range sc.Agenda {
		if is.Effect == scenarios.EffectRestoreCeasefire {
			ids = append(ids, Collapse)
		}
		ids = append(ids, is.ID)
		if is.Effect == scenarios.EffectCeasefire {
			ids = append(ids, InForce)
		}
	}
	return ids
}

// NewResult returns an empty result for the scenario's milestones (runs fill
// it; tests and readers of saved outputs may too).
func NewResult(sc *scenarios.Scenario, seed uint64, run int) *Result {
	return newResult(newLayout(sc), seed, run)
}

func newResult(l *layout, seed uint64, run int) *Result {
	r := &Result{Seed: seed, Run: run, layout: l, Milestones: make([]Milestone, len(l.ids))}
	for i, id := range l.ids {
		r.Milestones[i] = Milestone{ID: id, Point: math.NaN()}
	}
	return r
}

// Reach records the first time a milestone is reached; later calls for the
// same milestone, and unknown ids, are ignored.
func (r *Result) Reach(id string, when time.Time, venue string, x float64, drafts int) {
	i, ok := r.layout.index[id]
	if !ok || r.Milestones[i].Reached {
		return
	}
	m := &r.Milestones[i]
	m.Reached, m.Date, m.Venue, m.Point, m.Drafts = true, when, venue, x, drafts
	for _, t := range r.layout.terms[i] {
		m.Terms = append(m.Terms, TermValue(t, x))
	}
}

// Milestone returns the milestone with the given id.
func (r *Result) Milestone(id string) (Milestone, bool) {
	i, ok := r.layout.index[id]
	if !ok {
		return Milestone{}, false
	}
	return r.Milestones[i], true
}

// finish puts the log in date order: a text signed late in a meeting is
// logged when it is signed, after the meeting's opening entries.
func (r *Result) finish(w *World) {
	slices.SortStableFunc(r.Log, func(a, b Entry) int { return a.Date.Compare(b.Date) })
}

// observe appends the state of this step to the trace.
func (r *Result) observe(w *World, m *Model) {
	sc := m.Scenario
	add := func(actor, v string, x float64) {
		r.Trace = append(r.Trace, Sample{Step: w.Step, Date: w.Date, Actor: actor, Variable: v, Value: x})
	}
	add("world", "taliban", w.Taliban)
	add("world", "border_cost", w.BorderCost)
	add("world", "instability", w.Instability)
	add("world", "control", w.Control)
	add("world", "intensity", w.Intensity)
	add("world", "violations", w.Ceasefire.Violations)
	add("world", "tension", w.Ceasefire.Tension)
	add("world", "ceasefire", ceasefireCode(&w.Ceasefire))
	add("world", "observers_deployed", b2f(w.ObserversDeployed))
	add("un", "knowledge", w.Knowledge)
	add("world", "trust", w.Trust)
	signed := 0
	for _, is := range w.Issues {
		if is.Signed {
			signed++
		}
	}
	add("world", "agenda_signed", float64(signed)/float64(len(w.Issues)))
	for i := range w.Parties {
		p, id := &w.Parties[i], sc.Parties[i].ID
		add(id, "strength", p.Strength)
		add(id, "resources", p.Resources)
		add(id, "weariness", p.Weariness)
		add(id, "willingness", p.Willingness)
		add(id, "prospect", p.Prospect)
		add(id, "stalemate", p.Stalemate)
		add(id, "inside", p.Inside)
		add(id, "operations", p.Ops)
		add(id, "support_military", p.SupportMilitary)
		add(id, "support_supplies", p.SupportSupplies)
		add(id, "pressure_diplomatic", p.PressureDiplomatic)
		add(id, "pressure_supply_cut", p.PressureSupplyCut)
	}
	for i := range w.Observers {
		o, id := &w.Observers[i], sc.Observers[i].ID
		if !o.Active {
			continue
		}
		add(id, "stance", o.Stance)
		add(id, "interest", o.Interest)
		add(id, "support", o.Support)
		add(id, "pressure", o.Pressure)
	}
}

// ceasefireCode is 0 none, 1 signed (awaiting observers), 2 in force,
// 3 collapsed.
func ceasefireCode(c *Ceasefire) float64 {
	switch {
	case c.Collapsed:
		return 3
	case c.InForce:
		return 2
	case c.Signed:
		return 1
	}
	return 0
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
