package agents

import (
	"math"
	"math/rand/v2"

	"github.com/tajikpeace/tajikpeace/internal/detmath"
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
	summit    float64 // summit_reach of mechanisms.leaders (0 if switched off)
	framing   float64 // share of the gap a signed framework closes
	// framedBy is, by agenda index, the framework text an issue follows
	// from (-1 if none).
	framedBy     []int
	restoreIssue int // agenda index of the restoring text, -1 if none
}

// Assess sets the party's willingness to settle. Its reasons to settle are
// war-weariness, a mutually hurting stalemate, the exhaustion of its
// resources, the cost of a deadlock that drags on (growing every year
// nothing is signed, so a harder counterfactual makes peace later rather
// than impossible), the pressure of patrons and the UN, and trust in the
// other side. What holds each side back differs, as in the sources. The
// government's military superiority, and every rival faction admitted to
// the table (a leader who fears for his dominance), divide its reasons: a
// government that expects to win discounts pressure and losses but does not
// ignore them (004: "having military superiority the government was
// reluctant to negotiate" until "Russia and the UN pressured government to
// cooperate"). The opposition's hope of gains from its offensives is
// subtracted: the talks were "an extension of the battleground" (001), and
// what it hoped to win in the field it did not concede at the table.
// Willingness moves slowly: a delegation does not change its mind
// overnight.
func (a *Party) Assess(w *sim.World, self int) {
	s := &w.Parties[self]
	wl := a.spec.Willingness
	deadlock := 0.0 // years without a signed text since the talks began
	if !w.LastSigned.IsZero() {
		deadlock = w.WeeksTo(w.LastSigned) / -52
	}
	depletion := 0.0 // share of its initial stock of resources it has lost
	if a.spec.Resources > 0 {
		depletion = max(0, 1-s.Resources/a.spec.Resources)
	}
	// (float64(a*b) is a*b rounded before it is added: see Battlefield.Step.)
	reasons := wl.Base +
		float64(wl.Hurting*s.Weariness) +
		float64(wl.Stalemate*s.Stalemate) +
		float64(wl.Depletion*depletion) +
		float64(wl.Deadlock*deadlock) +
		float64(wl.Pressure*(s.Pressure()+a.backing)) +
		float64(wl.Trust*w.Trust)
	holdOut := float64(wl.Prospect*max(0, float64(2*(s.Prospect-0.5)))) + float64(wl.Rivals*float64(a.rivals))
	target := reasons - holdOut
	if self != sim.UTO {
		target = reasons / (1 + holdOut)
	}
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
// its flexibility on the issue, widened by its willingness to settle and, at
// a leaders' meeting, by its leader's will; narrowed while it gains ground
// (a side that is winning concedes less, 001, 003) and, on any text but the
// restoring one, while the ceasefire is broken.
func (a *Party) Tolerance(w *sim.World, self, issue int) float64 {
	s := &w.Parties[self]
	t := float64(a.positions[issue].Flexibility * (0.2 + float64(1.6*s.Willingness)))
	t = float64(t * (1 - float64(a.battle.GainsWeight*s.Gains)))
	if w.Meeting != nil && w.Meeting.Kind == scenarios.KindLeaders {
		t = float64(t * (1 + float64(a.summit*a.spec.LeaderWill)))
	}
	if w.Ceasefire.Collapsed && issue != a.restoreIssue {
		t = float64(t * (1 - a.offer.FightingCost))
	}
	return t
}

// Ideal is the party's preferred point on the issue's axis. Once a
// framework text is signed, the ideal on every text that follows from it
// moves towards the framework's agreed point by the share framing.
func (a *Party) Ideal(w *sim.World, issue int) float64 {
	ideal := a.positions[issue].Ideal
	if fb := a.framedBy[issue]; fb >= 0 && w.Issues[fb].Signed {
		ideal += float64(a.framing * (w.Issues[fb].Point - ideal))
	}
	return ideal
}

// Respond answers a text. The delegation's limit is its tolerance (as its
// mood of the day stretches or shrinks it), but the limit is soft: the
// chance of accepting is a logistic function of how far inside or outside
// the limit the text lies, in units of acceptance_spread x flexibility, so
// a text near the limit is sometimes taken and sometimes not. A text not
// accepted draws a request for amendments if it is within reach, a
// rejection otherwise.
func (a *Party) Respond(w *sim.World, self, issue int, x, mood float64, r *rand.Rand) sim.Response {
	d := math.Abs(x - a.Ideal(w, issue))
	t := float64(a.Tolerance(w, self, issue) * mood)
	accept := d <= t
	if spread := float64(a.offer.AcceptanceSpread * a.positions[issue].Flexibility); spread > 0 {
		accept = r.Float64()*(1+detmath.Exp((d-t)/spread)) < 1
	}
	switch {
	case accept:
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
	return clamp01(a.Ideal(w, issue) + float64(toward*give*a.Tolerance(w, self, issue)))
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
// by the other side's patron may be boycotted by an unwilling delegation;
// one that is gaining ground comes to press its advantage (001: the talks
// were "an extension of the battleground").
func (a *Party) Attends(w *sim.World, self int, hostClient int, r *rand.Rand) bool {
	if hostClient < 0 || hostClient == self {
		return true
	}
	s := &w.Parties[self]
	return r.Float64() >= float64(a.venue.Boycott*(1-s.Willingness))*(1-s.Gains)
}

func clamp01(x float64) float64 { return max(0, min(1, x)) }
