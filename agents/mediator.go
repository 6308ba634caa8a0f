package agents

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"time"

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
	spanStart    time.Time
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

// lapseWeeks is how long before a ceasefire lapses the envoy calls the
// parties together to extend it.
const lapseWeeks = 6

// Ready says whether the envoy would convene a round now (endogenous
// calendar), and why. A text must be ready to table; then, in this order:
// after a collapse, or when the ceasefire is about to lapse (the Islamabad
// round extended the Tehran Agreement, 002), the envoy convenes once both
// sides are above crisis_readiness; it convenes when both seem
// willing enough (readiness), a threshold lowered by the offer of the
// observer state pressing hardest for peace to host (host_pull); and when
// no meeting has sat for council_patience weeks, the Security Council
// presses it to convene whatever the parties' mood.
func (m *Mediator) Ready(w *sim.World) (bool, string) {
	if !m.Open(w) {
		return false, ""
	}
	c := m.calendar
	least := min(w.Parties[sim.Gov].Willingness, w.Parties[sim.UTO].Willingness)
	switch {
	case c.CrisisReadiness > 0 && w.Ceasefire.Collapsed && least >= c.CrisisReadiness:
		return true, sim.ConveneCrisis
	case c.CrisisReadiness > 0 && w.Ceasefire.InForce && w.WeeksTo(w.Ceasefire.Expires) < lapseWeeks && least >= c.CrisisReadiness:
		return true, sim.ConveneLapse
	case least >= c.Readiness:
		return true, sim.ConveneReady
	case least >= c.Readiness-float64(c.HostPull*m.bestHostStance(w)):
		return true, sim.ConveneHost
	case c.CouncilPatience > 0 && w.WeeksTo(m.sinceMeeting(w)) <= -float64(c.CouncilPatience):
		return true, sim.ConveneCouncil
	}
	return false, ""
}

// sinceMeeting is when the Council starts counting: the end of the last
// meeting, or before any, the envoy's appointment (calendar.start_after).
func (m *Mediator) sinceMeeting(w *sim.World) time.Time {
	if w.LastMeetingEnd.IsZero() {
		if m.calendar.StartAfter.IsZero() {
			return m.spanStart
		}
		return m.calendar.StartAfter.Time
	}
	return w.LastMeetingEnd
}

// Open says whether any text could be tabled now.
func (m *Mediator) Open(w *sim.World) bool {
	for i := range m.agenda {
		if m.tableable(w, i, false) {
			return true
		}
	}
	return false
}

// bestHostStance is the stance of the observer state pressing hardest for
// peace (0 if none presses).
func (m *Mediator) bestHostStance(w *sim.World) float64 {
	best := 0.0
	for i, o := range m.observers {
		if st := w.Observers[i]; o.Kind == "state" && st.Active {
			best = max(best, st.Stance)
		}
	}
	return best
}

// tableable says whether a text on issue can be put on the table: not yet
// signed, its prerequisites signed, and the envoy knows the parties well
// enough to draft it; not twice in one sitting (inSitting). The restoring
// text is on the table whenever the ceasefire has collapsed, as often as
// it collapses; other texts can still be negotiated while the fighting
// goes on (at a cost: Party.Tolerance).
func (m *Mediator) tableable(w *sim.World, i int, inSitting bool) bool {
	is := m.agenda[i]
	if is.Effect == scenarios.EffectRestoreCeasefire {
		return w.Ceasefire.Collapsed
	}
	if w.Issues[i].Signed || w.Knowledge < is.MinKnowledge {
		return false
	}
	if inSitting && w.Meeting != nil && w.Issues[i].TabledAt == w.Sitting {
		return false
	}
	for _, r := range m.requires[i] {
		if !w.Issues[r].Signed {
			return false
		}
	}
	return !m.needsInForce[i] || w.Ceasefire.InForce || w.Ceasefire.Collapsed
}

// Table picks the texts for a meeting: the restoring text first after a
// collapse, then, of those it can table, the ones whose gap between the
// parties looks smallest, up to the meeting's capacity.
func (m *Mediator) Table(w *sim.World, capacity int, r *rand.Rand) []int {
	type cand struct {
		issue int
		gap   float64
	}
	var cs []cand
	for i := range m.agenda {
		if !m.tableable(w, i, true) {
			continue
		}
		if m.agenda[i].Effect == scenarios.EffectRestoreCeasefire && w.Issues[i].TabledAt == w.Sitting && w.Meeting != nil {
			continue // once a sitting
		}
		est := make([]float64, len(m.table))
		m.estimate(w, i, est, r)
		gap := m.gap(w, i, est)
		if m.agenda[i].Effect == scenarios.EffectRestoreCeasefire {
			gap = -1 // restoring the ceasefire comes first
		}
		cs = append(cs, cand{i, gap})
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
func (m *Mediator) zone(w *sim.World, issue int, est []float64) (lo, hi float64) {
	lo, hi = math.Inf(-1), math.Inf(1)
	for k, j := range m.table {
		a, e := m.parties[j].Ideal(w, issue), max(est[k], 1e-6)
		lo, hi = max(lo, a-e), min(hi, a+e)
	}
	return lo, hi
}

// gap is how far apart the parties' zones seem (0 when they meet).
func (m *Mediator) gap(w *sim.World, issue int, est []float64) float64 {
	lo, hi := m.zone(w, issue, est)
	return max(0, lo-hi)
}

// Draft places a text. Where the delegations draft (mechanisms.offer.drafter
// "parties"), the envoy only chairs: the parties at the table take turns to
// propose their own text, and debating one side's own draft costs goodwill
// (000, Goryayev (c)). Otherwise the envoy drafts a compromise: in the middle
// of the zone every party at the table seems able to accept, or, if the
// zones do not meet, where the party stretched furthest (as a share of its
// margin) is stretched least - with two parties, where each stretches by the
// same share. A host pulls the text a little towards its client.
func (m *Mediator) Draft(w *sim.World, issue, draft int, est []float64, hostClient int, r *rand.Rand) float64 {
	if m.offer.Drafter != scenarios.DrafterUN {
		attempts := w.Issues[issue].Attempts
		drafter := m.table[(attempts+draft)%len(m.table)]
		x := m.parties[drafter].Propose(w, drafter, issue, attempts)
		w.Trust = max(0, w.Trust-m.offer.PolemicCost)
		return x
	}
	if !slices.ContainsFunc(est, func(e float64) bool { return e != 0 }) {
		m.estimate(w, issue, est, r)
	}
	var x float64
	if lo, hi := m.zone(w, issue, est); lo <= hi {
		x = (lo + hi) / 2
	} else {
		x = m.leastStretch(w, issue, est)
	}
	if m.venue.Enabled && hostClient >= 0 && slices.Contains(m.table, hostClient) {
		x += float64(m.venue.HostTilt * (m.parties[hostClient].Ideal(w, issue) - x))
	}
	return clamp01(x)
}

// leastStretch is the point minimising the largest stretch |x - ideal| /
// margin over the parties at the table. It lies where two parties stretch by
// the same share, so the candidates are those pairwise points.
func (m *Mediator) leastStretch(w *sim.World, issue int, est []float64) float64 {
	best, bestStretch := 0.5, math.Inf(1)
	for k := range m.table {
		for l := k + 1; l < len(m.table); l++ {
			a, b := m.parties[m.table[k]].Ideal(w, issue), m.parties[m.table[l]].Ideal(w, issue)
			ea, eb := max(est[k], 1e-6), max(est[l], 1e-6)
			x := (float64(a*eb) + float64(b*ea)) / (ea + eb)
			worst := 0.0
			for q, j := range m.table {
				worst = max(worst, math.Abs(x-m.parties[j].Ideal(w, issue))/max(est[q], 1e-6))
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
	if m.offer.Drafter != scenarios.DrafterUN {
		return // the texts were the parties' own
	}
	for k, j := range m.table {
		d := math.Abs(x - m.parties[j].Ideal(w, issue))
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
