package sim

// The readable event log: stances, turns and offensives, in words.

import (
	"fmt"
	"time"

	"github.com/tajikpeace/tajikpeace/scenarios"
)

// stanceNoise is how far a stance must cross zero before the log reports a
// turn, so that a stance hovering near zero is not reported every week.
const stanceNoise = 0.1

// narrateStances logs an observer's turn between arming its client and
// pressing for peace. It only reads the world.
func (e *engine) narrateStances() {
	if !e.opt.Log {
		return
	}
	for i := range e.w.Observers {
		o := &e.w.Observers[i]
		spec := e.sc.Observers[i]
		switch {
		case o.Active && o.Stance > stanceNoise && e.announcedStance[i] <= 0:
			switch {
			case e.announcedStance[i] < 0:
				e.logf(e.w.Date, "", "%s turns from backing %s to pressing for peace", spec.Name, clientName(e.sc, spec.Client))
			default:
				e.logf(e.w.Date, "", "%s presses the parties for peace", spec.Name)
			}
			e.announcedStance[i] = 1
		case o.Active && o.Stance < -stanceNoise && e.announcedStance[i] >= 0 && spec.Client != "":
			e.announcedStance[i] = -1
			e.logf(e.w.Date, "", "%s backs %s in the war", spec.Name, clientName(e.sc, spec.Client))
		}
	}
}

// markTurns records the first date each observer pressed for peace and each
// party broke a ceasefire in force (Result.PeaceTurns, Result.Offensives),
// by the same tests as the log's narration. It only reads the world.
func (e *engine) markTurns() {
	for i := range e.w.Observers {
		if o := &e.w.Observers[i]; o.Active && o.Stance > stanceNoise && e.res.PeaceTurns[i].IsZero() {
			e.res.PeaceTurns[i] = e.w.Date
		}
	}
	threshold := e.sc.Mechanisms.Battlefield.OffensiveThreshold
	for i := Gov; i <= UTO; i++ {
		if e.w.Ceasefire.InForce && e.w.Parties[i].Ops >= threshold && e.res.Offensives[i].IsZero() {
			e.res.Offensives[i] = e.w.Date
		}
	}
}

// narrateOffensives logs a party's leadership breaking a ceasefire in force
// with an offensive of its own.
func (e *engine) narrateOffensives() {
	if !e.opt.Log {
		return
	}
	threshold := e.sc.Mechanisms.Battlefield.OffensiveThreshold
	for i := Gov; i <= UTO; i++ {
		on := e.w.Ceasefire.InForce && e.w.Parties[i].Ops >= threshold
		if on && !e.announcedOffensive[i] {
			e.logf(e.w.Date, "", "the %s launches an offensive in breach of the ceasefire", e.sc.Parties[i].Name)
		}
		e.announcedOffensive[i] = on
	}
}

func clientName(sc *scenarios.Scenario, id string) string {
	for _, p := range sc.Parties {
		if p.ID == id {
			return "the " + p.Name
		}
	}
	return id
}

func (e *engine) logf(when time.Time, venue, format string, args ...any) {
	if !e.opt.Log {
		return
	}
	e.res.Log = append(e.res.Log, Entry{Date: when, Venue: venue, Text: fmt.Sprintf(format, args...)})
}

func describe(mt *Meeting) string {
	switch {
	case mt.Label != "":
		return mt.Label
	case mt.Kind == scenarios.KindLeaders:
		return "leaders' meeting"
	default:
		return mt.Kind
	}
}
