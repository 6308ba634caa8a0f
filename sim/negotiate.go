package sim

// The offer protocol at a meeting: drafts, answers, signing and what a
// signed text does to the world; and the watch for a dead end.

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/tajikpeace/tajikpeace/internal/detmath"
	"github.com/tajikpeace/tajikpeace/scenarios"
)

// negotiate plays one sitting of a meeting: attendance, then the offer
// protocol on each text the mediator tables. A text signed early in the
// meeting can open the way to another, which the mediator then tables.
func (e *engine) negotiate(mt *Meeting, date time.Time) {
	w, sc := &e.w, e.sc
	hostClient := -1
	if mt.Host >= 0 && sc.Mechanisms.Venue.Enabled {
		hostClient = e.m.Observers[mt.Host].Client()
	}
	for _, i := range e.m.Table {
		if !sc.Mechanisms.Venue.Enabled {
			continue
		}
		attends := e.m.Parties[i].Attends(w, i, hostClient, e.rng.venue)
		if e.opt.Player != nil && e.opt.Player.Party() == i && hostClient >= 0 && hostClient != i {
			// Only a meeting hosted by the other side's patron is a choice.
			attends = e.opt.Player.Attend(e.situation(mt, date, -1, 0, 0), attends)
		}
		if !attends {
			if e.opt.Log {
				e.logf(date, mt.Venue, "%s stays away from the %s", sc.Parties[i].Name, describe(mt))
			}
			return
		}
	}
	if w.LastSigned.IsZero() {
		w.LastSigned = date // a deadlock is counted from the first meeting
	}
	w.Knowledge += float64(sc.Mediator.RoundGain * (1 - w.Knowledge))
	capacity := sc.Mechanisms.Sequencing.IssuesPerRound
	if mt.Kind == scenarios.KindLeaders {
		capacity = sc.Mechanisms.Sequencing.IssuesPerMeeting
	}
	w.Sitting++
	items := e.m.Mediator.Table(w, capacity, e.rng.mediator)
	if len(items) == 0 {
		if e.opt.Log {
			e.logf(date, mt.Venue, "%s: no text is ready to table", describe(mt))
		}
		return
	}
	e.blockedLast = false
	// The texts are taken up one after another, each in its share of the
	// sitting's days. A sitting of a long round lasts until the next one.
	end := mt.End
	if next := date.Add(sittingInterval - 24*time.Hour); next.Before(end) {
		end = next
	}
	span := end.Sub(date)
	slot := func(k int) time.Time { return date.Add(span * time.Duration(k) / time.Duration(capacity)) }
	signed := false
	for k := 0; k < capacity && len(items) > 0; k++ {
		is := items[0]
		w.Issues[is].TabledAt = w.Sitting
		if e.offer(mt, slot(k), slot(k+1), is, hostClient) {
			signed = true
			// Re-read the agenda: the signed text may open another.
			items = e.m.Mediator.Table(w, capacity-k-1, e.rng.mediator)
		} else {
			items = items[1:]
		}
	}
	if signed {
		e.barren = 0
	} else {
		e.barren++
	}
}

// offer is the offer protocol on one text: the drafter tables a text, each
// delegation at the table accepts, asks for amendments or rejects; the
// drafter redrafts up to drafts_per_round times; a text all accept goes to
// the hardliners and, if they let it stand, is signed.
func (e *engine) offer(mt *Meeting, date, until time.Time, issue, hostClient int) bool {
	w, sc := &e.w, e.sc
	off := sc.Mechanisms.Offer
	r := e.rng.negotiate
	name := sc.Agenda[issue].Name
	table := e.m.Table
	mood, est, resp := e.mood, e.est, e.resp
	for k := range mood {
		mood[k] = detmath.Exp(detmath.NormFloat64(r) * off.MoodNoise)
		est[k] = 0
	}
	for d := 0; d < off.DraftsPerRound; d++ {
		x := e.m.Mediator.Draft(w, issue, d, est, hostClient, e.rng.mediator)
		if e.opt.Player != nil && e.opt.Player.Mediator() && off.Drafter == scenarios.DrafterUN {
			x = e.playPlace(mt, date, issue, d, x, est)
		}
		w.Issues[issue].Attempts++
		all := true
		for k, i := range table {
			resp[k] = e.m.Parties[i].Respond(w, i, issue, x, mood[k], r)
			if e.opt.Player != nil && i == e.opt.Player.Party() {
				resp[k] = e.opt.Player.Answer(e.situation(mt, date, issue, d, x), resp[k])
			}
			all = all && resp[k] == Accept
		}
		if all {
			for _, i := range table {
				if !e.m.Parties[i].Ratify(w, i, issue, x, mt.Kind == scenarios.KindLeaders, r) {
					if e.opt.Log {
						e.logf(date, mt.Venue, "%s: hardliners of the %s block the text on %s", describe(mt), sc.Parties[i].Name, name)
					}
					w.Trust = max(0, w.Trust-trustLostToBlock)
					e.blockedLast = true
					return false
				}
			}
			span := until.Sub(date)
			when := date.Add(time.Duration(float64(span) * float64(d+1) / float64(off.DraftsPerRound)))
			e.sign(mt, when, issue, x)
			return true
		}
		e.m.Mediator.Learn(w, issue, x, resp, est)
	}
	if e.opt.Log {
		e.logf(date, mt.Venue, "%s: no agreement on %s", describe(mt), name)
	}
	return false
}

// watchDeadEnd measures the longest stretch of steps during which texts
// remained unsigned but none could be tabled: a run stuck there could never
// finish, whatever the parties wanted.
//
// Whether a text can be tabled changes only when a text is signed or the
// ceasefire changes state (the mediator's knowledge, which gates some texts,
// only grows), so a known "open" is kept until one of those happens.
func (e *engine) watchDeadEnd() {
	w := &e.w
	key := e.signings<<2 | boolBit(w.Ceasefire.Collapsed)<<1 | boolBit(w.Ceasefire.InForce)
	if !e.open || key != e.openKey {
		e.open, e.openKey = e.m.Mediator.Open(w) || e.allSigned(), key
	}
	if !e.open {
		e.stuck++
		e.res.DeadEndSteps = max(e.res.DeadEndSteps, e.stuck)
		return
	}
	e.stuck = 0
}

// allSigned reports whether every text that can still matter is signed:
// the restoring text is wanted only after a collapse (and is tableable
// then), so a run that never needed it is finished, not stuck.
func (e *engine) allSigned() bool {
	for i, is := range e.w.Issues {
		if !is.Signed && e.sc.Agenda[i].Effect != scenarios.EffectRestoreCeasefire {
			return false
		}
	}
	return true
}

// sign records a signed text and applies what it does to the world.
func (e *engine) sign(mt *Meeting, when time.Time, issue int, x float64) {
	w, sc := &e.w, e.sc
	is := &w.Issues[issue]
	is.Signed, is.Date, is.Point, is.Venue = true, when, x, mt.Venue
	e.signings++
	w.Trust = min(1, w.Trust+trustFromSigning)
	w.LastSigned = when
	spec := sc.Agenda[issue]
	switch spec.Effect {
	case scenarios.EffectCeasefire:
		w.Ceasefire.Signed = true
		w.ObserversDue = when
		if sc.Mediator.Observers.Enabled {
			w.ObserversDue = when.Add(days(7 * sc.Mediator.Observers.DeployWeeks))
		}
	case scenarios.EffectRestoreCeasefire:
		cf := &w.Ceasefire
		cf.Collapsed, cf.InForce, cf.Tension, cf.BrokenBy = false, true, 0, 0
		cf.Expires = when.Add(days(7 * sc.Mechanisms.Battlefield.CeasefireWeeks))
	}
	e.res.Reach(spec.ID, when, mt.Venue, x, is.Attempts)
	if e.opt.Log {
		var terms []string
		for _, t := range spec.Terms {
			terms = append(terms, fmt.Sprintf("%s %s", formatTerm(TermValue(t, x)), t.Unit))
		}
		detail := ""
		if len(terms) > 0 {
			detail = " (" + strings.Join(terms, ", ") + ")"
		}
		drafted := "the UN draft"
		if sc.Mechanisms.Offer.Drafter != scenarios.DrafterUN {
			drafted = "a party's draft"
		}
		host := ""
		if mt.Host >= 0 {
			host = "; " + sc.Observers[mt.Host].Name + " hosting"
		}
		e.logf(when, mt.Venue, "%s signed on %s%s%s", spec.Name, drafted, detail, host)
	}
}

// TermValue is the number a term of an agreement takes at point x.
// Whole-numbered terms (a number of members) are rounded.
func TermValue(t scenarios.Term, x float64) float64 {
	v := t.AtGov + float64(x*(t.AtUTO-t.AtGov)) // rounded before the sum on every machine
	if t.Integer {
		v = math.Round(v)
	}
	return v
}

func formatTerm(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) >= 1 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.2f", v)
}
