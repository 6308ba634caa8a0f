package agents

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/tajikpeace/tajikpeace/internal/detmath"
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
	table        []int // parties at the table, government and opposition first
	observers    []scenarios.Observer
}

// fightingErodesTrust is the weekly loss of trust per unit of fighting.
const fightingErodesTrust = 0.005

// Prepare is the work between meetings. Shuttle diplomacy teaches the envoy
// the parties' margins; the Inter-Tajik Dialogue (Track II), once it meets,
// adds to that knowledge and slowly builds trust between the sides, which
// fighting erodes. (float64(a*b) is a*b rounded before it is added: see
// Battlefield.Step.)
func (m *Mediator) Prepare(w *sim.World, r *rand.Rand) {
	gain := m.spec.ShuttleGain
	if m.track2.Enabled && !w.Date.Before(m.track2.Start.Time) {
		gain += m.track2.KnowledgeGain
		w.Trust += float64(m.track2.TrustGain * (1 - w.Trust) * w.StepWeeks)
	}
	w.Knowledge += float64(gain * (1 - w.Knowledge) * w.StepWeeks)
	w.Knowledge = min(1, w.Knowledge)
	w.Trust = clamp01(w.Trust - float64(fightingErodesTrust*w.Intensity*w.StepWeeks))
}

// Ready says whether the envoy would convene a round now (endogenous
// calendar): both parties seem willing enough and a text is ready to table.
func (m *Mediator) Ready(w *sim.World) bool {
	if min(w.Parties[sim.Gov].Willingness, w.Parties[sim.UTO].Willingness) < m.calendar.Readiness {
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
		est := make([]float64, len(m.table))
		m.estimate(w, i, est, r)
		cs = append(cs, cand{i, m.gap(i, est)})
	}
	slices.SortStableFunc(cs, func(a, b cand) int { return cmp.Compare(a.gap, b.gap) })
	var out []int
	for _, c := range cs[:min(capacity, len(cs))] {
		out = append(out, c.issue)
	}
	return out
}

// estimate is the envoy's reading of the tolerance on issue of each party at
// the table: the truth blurred by noise that shrinks as its knowledge grows.
func (m *Mediator) estimate(w *sim.World, issue int, est []float64, r *rand.Rand) {
	blur := m.offer.EstimateNoise * (1 - w.Knowledge)
	for k, j := range m.table {
		est[k] = float64(m.parties[j].Tolerance(w, j, issue) * detmath.Exp(detmath.NormFloat64(r)*blur))
	}
}

// zone is the stretch of the issue's axis every party at the table seems
// able to accept: empty when lo > hi.
func (m *Mediator) zone(issue int, est []float64) (lo, hi float64) {
	lo, hi = math.Inf(-1), math.Inf(1)
	for k, j := range m.table {
		a, e := m.parties[j].Ideal(issue), max(est[k], 1e-6)
		lo, hi = max(lo, a-e), min(hi, a+e)
	}
	return lo, hi
}

// gap is how far apart the parties' zones seem (0 when they meet).
func (m *Mediator) gap(issue int, est []float64) float64 {
	lo, hi := m.zone(issue, est)
	return max(0, lo-hi)
}

// Draft places a compromise text: in the middle of the zone every party at
// the table seems able to accept, or, if the zones do not meet, where the
// party stretched furthest (as a share of its margin) is stretched least -
// with two parties, where each stretches by the same share. A host pulls
// the text a little towards its client.
func (m *Mediator) Draft(w *sim.World, issue int, est []float64, hostClient int, r *rand.Rand) float64 {
	if !slices.ContainsFunc(est, func(e float64) bool { return e != 0 }) {
		m.estimate(w, issue, est, r)
	}
	var x float64
	if lo, hi := m.zone(issue, est); lo <= hi {
		x = (lo + hi) / 2
	} else {
		x = m.leastStretch(issue, est)
	}
	if m.venue.Enabled && hostClient >= 0 && slices.Contains(m.table, hostClient) {
		x += float64(m.venue.HostTilt * (m.parties[hostClient].Ideal(issue) - x))
	}
	return clamp01(x)
}

// leastStretch is the point minimising the largest stretch |x - ideal| /
// margin over the parties at the table. It lies where two parties stretch by
// the same share, so the candidates are those pairwise points.
func (m *Mediator) leastStretch(issue int, est []float64) float64 {
	best, bestStretch := 0.5, math.Inf(1)
	for k := range m.table {
		for l := k + 1; l < len(m.table); l++ {
			a, b := m.parties[m.table[k]].Ideal(issue), m.parties[m.table[l]].Ideal(issue)
			ea, eb := max(est[k], 1e-6), max(est[l], 1e-6)
			x := (float64(a*eb) + float64(b*ea)) / (ea + eb)
			worst := 0.0
			for q, j := range m.table {
				worst = max(worst, math.Abs(x-m.parties[j].Ideal(issue))/max(est[q], 1e-6))
			}
			if worst < bestStretch {
				best, bestStretch = x, worst
			}
		}
	}
	return best
}

// Learn refines the envoy's estimates from the answers: a party that accepted
// can go at least that far; one that asked for amendments or rejected cannot.
func (m *Mediator) Learn(w *sim.World, issue int, x float64, resp []sim.Response, est []float64) {
	for k, j := range m.table {
		d := math.Abs(x - m.parties[j].Ideal(issue))
		switch resp[k] {
		case sim.Accept:
			est[k] = max(est[k], d)
		case sim.Amend:
			est[k] = min(est[k], 0.9*d)
		case sim.Reject:
			est[k] = min(est[k], 0.6*d)
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
