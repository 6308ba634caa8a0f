package sim

// The ceasefire: its entry into force as observers deploy, extensions, and
// its collapse.

import (
	"math"
	"time"
)

// extensionWillingness is the willingness both sides need to extend a
// ceasefire about to lapse.
const extensionWillingness = 0.15

// updateCeasefire brings a signed ceasefire into force once observers are
// deployed, extends it before it lapses, and records a collapse when
// unresolved violations pile up past the threshold or it lapses unextended.
func (e *engine) updateCeasefire() {
	w, b := &e.w, e.sc.Mechanisms.Battlefield
	cf := &w.Ceasefire
	if cf.Signed && !cf.InForce && !cf.Collapsed && !w.Date.Before(w.ObserversDue) {
		cf.InForce = true
		cf.Expires = w.Date.Add(days(7 * b.CeasefireWeeks))
		if e.sc.Mediator.Observers.Enabled {
			w.ObserversDeployed = true
		}
		e.res.Reach(InForce, w.Date, "", math.NaN(), 0)
		if e.opt.Log {
			e.logf(w.Date, "", "the ceasefire enters into force%s", cond(w.ObserversDeployed, " as UN military observers deploy", ""))
		}
	}
	// The envoy arranges an extension before it lapses if both sides are
	// still willing (the parties extended the Tehran Agreement, 002).
	if cf.InForce && w.WeeksTo(cf.Expires) < 4 &&
		w.Parties[Gov].Willingness > extensionWillingness && w.Parties[UTO].Willingness > extensionWillingness {
		cf.Expires = cf.Expires.Add(days(7 * b.CeasefireWeeks))
		if e.opt.Log {
			e.logf(w.Date, "", "the ceasefire is extended to %s", cf.Expires.Format(time.DateOnly))
		}
	}
	if cf.InForce && (cf.Tension >= b.CollapseTension || cf.BrokenBy > 0 || w.Date.After(cf.Expires)) {
		why := "violations pile up unresolved"
		switch {
		case cf.BrokenBy > 0:
			why = "an offensive by the " + e.sc.Parties[cf.BrokenBy-1].Name + " breaks it"
		case w.Date.After(cf.Expires):
			why = "it lapses without extension"
		}
		cf.InForce, cf.Collapsed = false, true
		e.res.Reach(Collapse, w.Date, "", math.NaN(), 0)
		if e.opt.Log {
			e.logf(w.Date, "", "the ceasefire collapses: %s", why)
		}
	}
}
