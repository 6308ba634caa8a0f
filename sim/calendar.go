package sim

// The calendar: which meetings take place, when the envoy convenes one
// under the endogenous calendar, and who sits at it.

import (
	"fmt"
	"slices"
	"time"

	"github.com/tajikpeace/tajikpeace/scenarios"
)

// barrenSittings is how many sittings in a row may end without a signed
// text before the envoy, convening, calls the leaders rather than the
// delegations (003 "Domestic Factors": concessions came from the leaders'
// personal will; 004 Chapter II: after the Fundamental Principles, talks
// moved to "closed conferences of the leaders").
const barrenSittings = 2

// Calendar lists the scheduled meetings that take place in this scenario,
// in order, as the engine holds them: a leaders' meeting is a delegations'
// round when the leaders' mechanism is off. (Under the endogenous calendar
// the engine holds none of them.)
func Calendar(sc *scenarios.Scenario) []Meeting {
	var out []Meeting
	for _, mt := range sc.Calendar.Meetings {
		if mt.Disabled {
			continue
		}
		kind, label := mt.Kind, mt.Label
		if kind == scenarios.KindLeaders && !sc.Mechanisms.Leaders.Enabled {
			// Without leaders' meetings the delegations still meet on those
			// dates: the mechanism is what the heads bring, not the meeting.
			kind, label = scenarios.KindRound, "Delegations' meeting"
		}
		out = append(out, Meeting{ID: mt.ID, Kind: kind, Label: label, Venue: mt.Venue,
			Host: observerIndex(sc, mt.Host), Start: mt.Start.Time, End: mt.End.Time})
	}
	slices.SortStableFunc(out, func(a, b Meeting) int { return a.Start.Compare(b.Start) })
	return out
}

// meet finds the meeting in session this step, from the calendar or, once
// the calendar is over (or in endogenous mode), convened by the mediator.
func (e *engine) meet() {
	w := &e.w
	stepEnd := w.Date.Add(days(e.sc.Span.StepDays))
	w.Meeting = nil
	w.NextMeeting = time.Time{}
	if !e.calendarOver {
		for e.nextCal < len(e.cal) && e.cal[e.nextCal].End.Before(w.Date) {
			e.nextCal++
		}
		if e.nextCal == len(e.cal) {
			e.calendarOver = true
		} else {
			mt := &e.cal[e.nextCal]
			w.NextMeeting = mt.Start
			if mt.Start.Before(stepEnd) {
				// A meeting sits once; a long round sits again every four weeks.
				if e.sittingOf != e.nextCal+1 || w.Date.Sub(e.lastSitting) >= sittingInterval {
					e.sittingOf = e.nextCal + 1
					e.lastSitting = maxTime(mt.Start, w.Date)
					w.Meeting = mt
					e.negotiate(mt, e.lastSitting)
					w.LastMeetingEnd = mt.End
				}
				if mt.End.Before(stepEnd) {
					e.nextCal++
				}
			}
			return
		}
	}
	c := e.sc.Calendar
	if !c.StartAfter.IsZero() && w.Date.Before(c.StartAfter.Time) {
		return
	}
	if !w.LastMeetingEnd.IsZero() && w.WeeksTo(w.LastMeetingEnd) > -float64(c.GapWeeks) {
		return
	}
	ready, why := e.m.Mediator.Ready(w)
	if e.opt.Player != nil && e.opt.Player.Mediator() {
		ready, why = e.playConvene(ready, why)
	}
	if !ready {
		return
	}
	host := e.m.Mediator.Host(w, e.lastHost)
	kind := scenarios.KindRound
	// The envoy brings the leaders in when hardliners blocked a text, when
	// the ceasefire has collapsed, or when the delegations have come away
	// empty-handed from barrenSittings sittings in a row.
	if (e.blockedLast || why == ConveneCrisis || e.barren >= barrenSittings) && e.sc.Mechanisms.Leaders.Enabled {
		kind = scenarios.KindLeaders
	}
	mt := &Meeting{ID: fmt.Sprintf("endogenous-%d", w.Step), Kind: kind, Host: host,
		Start: w.Date, End: w.Date.Add(days(7 * c.RoundWeeks)), Endogenous: true}
	if host >= 0 {
		mt.Venue = e.sc.Observers[host].Name
	}
	e.lastHost = host
	w.Meeting = mt
	if e.opt.Log {
		e.logf(w.Date, mt.Venue, "the envoy convenes a %s: %s", describe(mt), why)
	}
	e.negotiate(mt, w.Date)
	w.LastMeetingEnd = mt.End
}
