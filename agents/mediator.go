package agents

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

// Mediator is the decision rule of the UN: the Special Envoy who shuttles,
// convenes and drafts, backed by the Security Council and, once deployed,
// UNMOT's military observers.
type Mediator struct {
	spec     scenarios.Mediator
	track2   scenarios.Track2
	offer    scenarios.Offer
	venue    scenarios.Venue
	calendar scenarios.Calendar
	agenda   []scenarios.Issue
	requires [][]int
	// needsInForce marks texts that wait for the ceasefire to enter into force.
	needsInForce []bool
	parties      []*Party
	observers    []scenarios.Observer
}

// fightingErodesTrust is the weekly loss of trust per unit of fighting.
const fightingErodesTrust = 0.005

// Prepare is the work between meetings. Shuttle diplomacy teaches the envoy
// the parties' margins; the Inter-Tajik Dialogue (Track II), once it meets,
// adds to that knowledge and slowly builds trust between the sides, which
// fighting erodes.
func (m *Mediator) Prepare(w *sim.World, r *rand.Rand) {
	gain := m.spec.ShuttleGain
	if m.track2.Enabled && !w.Date.Before(m.track2.Start.Time) {
		gain += m.track2.KnowledgeGain
		w.Trust += m.track2.TrustGain * (1 - w.Trust) * w.StepWeeks
	}
	w.Knowledge += gain * (1 - w.Knowledge) * w.StepWeeks
	w.Knowledge = math.Min(1, w.Knowledge)
	w.Trust = clamp01(w.Trust - fightingErodesTrust*w.Intensity*w.StepWeeks)
}

// Ready says whether the envoy would convene a round now (endogenous
// calendar): both parties seem willing enough and a text is ready to table.
func (m *Mediator) Ready(w *sim.World) bool {
	if math.Min(w.Parties[sim.Gov].Willingness, w.Parties[sim.UTO].Willingness) < m.calendar.Readiness {
		return false
	}
	for i := range m.agenda {
		if m.tableable(w, i) {
			return true
		}
	}
	return false
}

// tableable says whether a text on issue can be put on the table: not yet
// signed, its prerequisites signed, and the envoy knows the parties well
// enough to draft it; not twice in one sitting. After a collapse, restoring
// the ceasefire comes first.
func (m *Mediator) tableable(w *sim.World, i int) bool {
	is := m.agenda[i]
	if w.Issues[i].Signed || w.Knowledge < is.MinKnowledge {
		return false
	}
	if w.Meeting != nil && w.Issues[i].TabledAt == w.Sitting {
		return false
	}
	if w.Ceasefire.Collapsed != (is.Effect == "restore_ceasefire") {
		return false
	}
	for _, r := range m.requires[i] {
		if !w.Issues[r].Signed {
			return false
		}
	}
	return !m.needsInForce[i] || w.Ceasefire.InForce || w.Ceasefire.Collapsed

}

// Table picks the texts for a meeting: of those it can table, the ones whose
// gap between the parties looks smallest, up to the meeting's capacity.
func (m *Mediator) Table(w *sim.World, capacity int, r *rand.Rand) []int {
	type cand struct {
		issue int
		gap   float64
	}
	var cs []cand
	for i := range m.agenda {
		if !m.tableable(w, i) {
			continue
		}
		var est [2]float64
		m.estimate(w, i, &est, r)
		cs = append(cs, cand{i, m.gap(i, est)})
	}
	slices.SortStableFunc(cs, func(a, b cand) int { return cmp.Compare(a.gap, b.gap) })
	var out []int
	for _, c := range cs[:min(capacity, len(cs))] {
		out = append(out, c.issue)
	}
	return out
}

// estimate is the envoy's reading of each party's tolerance on issue: the
// truth blurred by noise that shrinks as its knowledge grows.
func (m *Mediator) estimate(w *sim.World, issue int, est *[2]float64, r *rand.Rand) {
	blur := m.offer.EstimateNoise * (1 - w.Knowledge)
	for j := sim.Gov; j <= sim.UTO; j++ {
		est[j] = m.parties[j].Tolerance(w, j, issue) * math.Exp(r.NormFloat64()*blur)
	}
}

func (m *Mediator) gap(issue int, est [2]float64) float64 {
	a, b := m.parties[sim.Gov].Ideal(issue), m.parties[sim.UTO].Ideal(issue)
	return math.Max(0, math.Abs(b-a)-est[0]-est[1])
}

// Draft places a compromise text: in the middle of the zone both parties
// seem able to accept, or, if the zones do not meet, where each must stretch
// by the same share of its margin. A host pulls the text a little towards its
// client.
func (m *Mediator) Draft(w *sim.World, issue int, est *[2]float64, hostClient int, r *rand.Rand) float64 {
	if est[0] == 0 && est[1] == 0 {
		m.estimate(w, issue, est, r)
	}
	a, b := m.parties[sim.Gov].Ideal(issue), m.parties[sim.UTO].Ideal(issue)
	ea, eb := math.Max(est[0], 1e-6), math.Max(est[1], 1e-6)
	var x float64
	lo, hi := math.Max(a-ea, b-eb), math.Min(a+ea, b+eb)
	if lo <= hi {
		x = (lo + hi) / 2
	} else {
		x = (a*eb + b*ea) / (ea + eb)
	}
	if m.venue.Enabled && hostClient >= 0 && hostClient <= sim.UTO {
		x += m.venue.HostTilt * (m.parties[hostClient].Ideal(issue) - x)
	}
	return clamp01(x)
}

// Learn refines the envoy's estimates from the answers: a party that accepted
// can go at least that far; one that asked for amendments or rejected cannot.
func (m *Mediator) Learn(w *sim.World, issue int, x float64, resp [2]sim.Response, est *[2]float64) {
	for j := sim.Gov; j <= sim.UTO; j++ {
		d := math.Abs(x - m.parties[j].Ideal(issue))
		switch resp[j] {
		case sim.Accept:
			est[j] = math.Max(est[j], d)
		case sim.Amend:
			est[j] = math.Min(est[j], 0.9*d)
		case sim.Reject:
			est[j] = math.Min(est[j], 0.6*d)
		}
	}
}

// Host chooses who hosts a round the envoy convenes: the observer state
// pressing hardest for peace, not the last host, if any presses at all.
func (m *Mediator) Host(w *sim.World, last int) int {
	best, bestStance := -1, 0.0
	for i, o := range m.observers {
		st := w.Observers[i]
		if o.Kind != "state" || !st.Active || i == last {
			continue
		}
		if st.Stance > bestStance {
			best, bestStance = i, st.Stance
		}
	}
	return best
}
