package agents

import (
	"math"
	"math/rand/v2"

	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

// Party is the decision rule of a warring party: the government or the UTO.
type Party struct {
	spec      scenarios.Party
	positions []scenarios.Position // by agenda index
	battle    scenarios.Battlefield
	offer     scenarios.Offer
	venue     scenarios.Venue
	backing   float64 // the Security Council's weight behind the mediator
	rivals    int     // parties at the table besides the government and the UTO
	keep      float64 // share of willingness kept from one step to the next
}

// Assess sets the party's willingness to settle. It rises with war-weariness,
// a mutually hurting stalemate, the pressure of patrons and the UN, and trust
// in the other side; it falls while the party expects to win by force, and
// with every rival faction admitted to the table (a leader who fears for his
// dominance, 004). Willingness moves slowly: a delegation does not change its
// mind overnight.
func (a *Party) Assess(w *sim.World, self int) {
	s := &w.Parties[self]
	wl := a.spec.Willingness
	// (float64(a*b) is a*b rounded before it is added: see Battlefield.Step.)
	target := wl.Base +
		float64(wl.Hurting*s.Weariness) +
		float64(wl.Stalemate*s.Stalemate) +
		float64(wl.Pressure*(s.Pressure()+a.backing)) +
		float64(wl.Trust*w.Trust) -
		float64(wl.Prospect*max(0, float64(2*(s.Prospect-0.5)))) -
		float64(wl.Rivals*float64(a.rivals))
	s.Willingness = float64(a.keep*s.Willingness) + float64((1-a.keep)*clamp01(target))
}

// Fight sets the operations the party mounts: more when it is unwilling to
// settle and expects to gain, more again on the eve of a round to strengthen
// its hand. Opposition forces still in Afghanistan can only raid; the
// government fights to retake lost districts.
func (a *Party) Fight(w *sim.World, self int) float64 {
	if self > sim.UTO {
		return 0
	}
	s := &w.Parties[self]
	ops := float64(a.spec.Aggression * (1 - s.Willingness) * (0.5 + s.Prospect))
	if !w.NextMeeting.IsZero() {
		if weeks := w.WeeksTo(w.NextMeeting); weeks >= 0 && weeks <= float64(a.battle.EveOfRoundWeeks) {
			ops += float64(a.battle.EveOfRoundBoost * s.Prospect)
		}
	}
	switch self {
	case sim.UTO:
		ops = float64(ops * (0.3 + float64(0.7*s.Inside)))
	case sim.Gov:
		// The government counterattacks to retake the districts it lost.
		ops += float64(a.battle.Retake * w.Control)
	}
	return clamp01(ops)
}

// Tolerance is how far from its ideal a text may lie and still be acceptable:
// its flexibility on the issue, widened by its willingness to settle.
func (a *Party) Tolerance(w *sim.World, self, issue int) float64 {
	return float64(a.positions[issue].Flexibility * (0.2 + float64(1.6*w.Parties[self].Willingness)))
}

// Ideal is the party's preferred point on the issue's axis.
func (a *Party) Ideal(issue int) float64 { return a.positions[issue].Ideal }

// Respond accepts a text within its tolerance (as the delegation's mood of
// the day stretches or shrinks it), asks for amendments if the text is
// within reach, and rejects it otherwise.
func (a *Party) Respond(w *sim.World, self, issue int, x, mood float64) sim.Response {
	d := math.Abs(x - a.positions[issue].Ideal)
	t := float64(a.Tolerance(w, self, issue) * mood)
	switch {
	case d <= t:
		return sim.Accept
	case d <= a.offer.AmendMargin*t:
		return sim.Amend
	default:
		return sim.Reject
	}
}

// Propose drafts a text when the parties draft: near its own ideal, conceding
// a little more with every text already tabled on the issue.
func (a *Party) Propose(w *sim.World, self, issue, round int) float64 {
	toward := 1.0 // the axis runs from the government's text to the opposition's
	switch {
	case self == sim.UTO:
		toward = -1
	case self > sim.UTO && a.positions[issue].Ideal > 0.5:
		toward = -1 // a third party concedes towards the middle
	}
	give := min(1, 0.3+float64(0.1*float64(round)))
	return clamp01(a.positions[issue].Ideal + float64(toward*give*a.Tolerance(w, self, issue)))
}

// Ratify decides whether the party's hardliners let a text its delegation
// accepted stand. The less cohesive the party and the further the text from
// its ideal, the likelier a block; a leader who signs in person carries the
// hardliners with the force of his will.
func (a *Party) Ratify(w *sim.World, self, issue int, x float64, leaders bool, r *rand.Rand) bool {
	pos := a.positions[issue]
	reach := 1.0
	if pos.Flexibility > 0 {
		reach = clamp01(math.Abs(x-pos.Ideal) / pos.Flexibility)
	}
	carry := 0.4 * a.spec.LeaderWill
	if leaders {
		carry = a.spec.LeaderWill
	}
	block := (1 - a.spec.Cohesion) * reach * (1 - carry)
	return r.Float64() >= block
}

// Attends decides whether the delegation comes to a meeting. A meeting hosted
// by the other side's patron may be boycotted by an unwilling delegation.
func (a *Party) Attends(w *sim.World, self int, hostClient int, r *rand.Rand) bool {
	if hostClient < 0 || hostClient == self {
		return true
	}
	return r.Float64() >= a.venue.Boycott*(1-w.Parties[self].Willingness)
}

func clamp01(x float64) float64 { return max(0, min(1, x)) }
