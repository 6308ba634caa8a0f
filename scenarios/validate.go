package scenarios

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
)

// The ids of the two warring parties the model is built around.
const (
	Government = "government"
	Opposition = "uto"
)

// InForce is the milestone of the ceasefire's entry into force, which an
// agenda issue may require.
const InForce = "ceasefire_in_force"

// Event kinds a scenario may schedule. Events change the world the agents
// see; none of them names an agreement or a stance.
var EventKinds = []string{"taliban_advance", "border_attack", "peacekeepers"}

type validator struct{ errs Errors }

func (v *validator) add(path, format string, args ...any) {
	v.errs = append(v.errs, FieldError{Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) unit(path string, x float64) { v.rangeF(path, x, 0, 1) }

func (v *validator) rangeF(path string, x, lo, hi float64) {
	if !(x >= lo && x <= hi) { // also catches NaN
		v.add(path, "expected a number from %g to %g, got %g", lo, hi, x)
	}
}

func (v *validator) rangeI(path string, x, lo, hi int) {
	if x < lo || x > hi {
		v.add(path, "expected a whole number from %d to %d, got %d", lo, hi, x)
	}
}

func (v *validator) oneOf(path, x string, allowed ...string) {
	if !slices.Contains(allowed, x) {
		v.add(path, "expected one of %s, got %q%s", strings.Join(allowed, ", "), x, didYouMean(x, allowed))
	}
}

func (v *validator) ref(path, x string, ids []string, what string) {
	if !slices.Contains(ids, x) {
		v.add(path, "unknown %s %q%s; known: %s", what, x, didYouMean(x, ids), strings.Join(ids, ", "))
	}
}

func (v *validator) inSpan(path string, d Date, sp Span) {
	if d.IsZero() {
		v.add(path, "expected a date (YYYY-MM-DD)")
		return
	}
	if d.Before(sp.Start.Time) || d.After(sp.End.Time) {
		v.add(path, "date %s is outside the span %s to %s", d.Format(time.DateOnly),
			sp.Start.Format(time.DateOnly), sp.End.Format(time.DateOnly))
	}
}

// Validate checks ranges, references between sections, and dates. Paths in
// the returned errors are key paths; Load adds the file and line.
func Validate(s *Scenario) Errors {
	v := &validator{}
	if s.Name == "" {
		v.add("name", "expected a short name for the scenario")
	}
	sp := s.Span
	if sp.Start.IsZero() || sp.End.IsZero() {
		v.add("span", "expected span.start and span.end dates")
		return v.errs
	}
	if !sp.End.After(sp.Start.Time) {
		v.add("span.end", "the span ends (%s) before it starts (%s)", sp.End.Format(time.DateOnly), sp.Start.Format(time.DateOnly))
	}
	if sp.End.Sub(sp.Start.Time) > 30*365*24*time.Hour {
		// "span", not span.end: the start may be what is wrong, and the
		// error then names the file that set the span last.
		v.add("span", "the span from %s to %s is longer than 30 years", sp.Start.Format(time.DateOnly), sp.End.Format(time.DateOnly))
	}
	v.rangeI("span.step_days", sp.StepDays, 1, 31)

	m := s.Mechanisms
	v.oneOf("mechanisms.offer.drafter", m.Offer.Drafter, DrafterUN, DrafterParties)
	v.rangeI("mechanisms.offer.drafts_per_round", m.Offer.DraftsPerRound, 1, 20)
	v.unit("mechanisms.offer.estimate_noise", m.Offer.EstimateNoise)
	v.unit("mechanisms.offer.mood_noise", m.Offer.MoodNoise)
	v.rangeF("mechanisms.offer.amend_margin", m.Offer.AmendMargin, 1, 5)
	v.unit("mechanisms.offer.polemic_cost", m.Offer.PolemicCost)
	v.unit("mechanisms.offer.acceptance_spread", m.Offer.AcceptanceSpread)
	v.unit("mechanisms.offer.fighting_cost", m.Offer.FightingCost)
	v.unit("mechanisms.pressure.inertia", m.Pressure.Inertia)
	v.rangeF("mechanisms.pressure.sensitivity", m.Pressure.Sensitivity, 0, 20)
	v.rangeF("mechanisms.pressure.effect", m.Pressure.Effect, 0, 5)
	v.rangeF("mechanisms.pressure.supply_effect", m.Pressure.SupplyEffect, 0, 5)
	b := m.Battlefield
	for _, f := range []struct {
		k string
		x float64
	}{
		{"lethality", b.Lethality}, {"control_speed", b.ControlSpeed}, {"mountain_cap", b.MountainCap}, {"mountain_factor", b.MountainFactor}, {"retake", b.Retake}, {"offensive_threshold", b.OffensiveThreshold},
		{"weariness_rate", b.WearinessRate}, {"weariness_relief", b.WearinessRelief}, {"upkeep", b.Upkeep},
		{"eve_of_round_boost", b.EveOfRoundBoost}, {"violation_rate", b.ViolationRate},
		{"tension_decay", b.TensionDecay}, {"observer_deterrence", b.ObserverDeter},
		{"detect_with_observers", b.DetectWith}, {"detect_without_observers", b.DetectWithout},
		{"relocation_rate", b.RelocationRate},
		{"border_cost_rate", b.BorderCostRate}, {"border_cost_decay", b.BorderCostDecay},
		{"instability_decay", b.InstabilityDecay}, {"prospect_inertia", b.ProspectInertia},
		{"stall_scale", b.StallScale}, {"stalemate_intensity", b.StalemateIntensity}, {"gains_weight", b.GainsWeight}, {"peacekeeping_cost", b.PeacekeepingCost},
	} {
		v.unit("mechanisms.battlefield."+f.k, f.x)
	}
	v.rangeF("mechanisms.battlefield.strength_cap", b.StrengthCap, 0.1, 100)
	v.rangeF("mechanisms.battlefield.collapse_tension", b.CollapseTension, 0.01, 100)
	v.rangeI("mechanisms.battlefield.eve_of_round_weeks", b.EveOfRoundWeeks, 0, 26)
	v.rangeI("mechanisms.battlefield.ceasefire_weeks", b.CeasefireWeeks, 1, 520)
	v.rangeI("mechanisms.sequencing.issues_per_round", m.Sequencing.IssuesPerRound, 1, 20)
	v.rangeI("mechanisms.sequencing.issues_per_meeting", m.Sequencing.IssuesPerMeeting, 1, 20)
	v.unit("mechanisms.sequencing.framing", m.Sequencing.Framing)
	v.rangeF("mechanisms.leaders.summit_reach", m.Leaders.SummitReach, 0, 2)
	if m.Track2.Enabled {
		v.inSpan("mechanisms.track2.start", m.Track2.Start, sp)
	}
	v.unit("mechanisms.track2.knowledge_gain", m.Track2.KnowledgeGain)
	v.unit("mechanisms.track2.trust_gain", m.Track2.TrustGain)
	v.unit("mechanisms.venue.host_tilt", m.Venue.HostTilt)
	v.unit("mechanisms.venue.boycott", m.Venue.Boycott)

	// Agenda.
	var issueIDs []string
	for _, is := range s.Agenda {
		issueIDs = append(issueIDs, is.ID)
	}
	if len(s.Agenda) == 0 {
		v.add("agenda", "expected at least one agenda issue")
	}
	finals := 0
	for _, is := range s.Agenda {
		p := "agenda." + is.ID
		if is.ID == "" {
			v.add("agenda", "every agenda issue needs an id")
		}
		v.unit(p+".min_knowledge", is.MinKnowledge)
		for _, r := range is.Requires {
			if r == InForce {
				continue // the ceasefire's entry into force, an event milestone
			}
			v.ref(p+".requires", r, issueIDs, "agenda issue")
			if r == is.ID {
				v.add(p+".requires", "an issue cannot require itself")
			}
		}
		for _, t := range is.Terms {
			if t.ID == "" {
				v.add(p+".terms", "every term needs an id")
			}
			// No range, but a term must be a number to compute with: a
			// NaN or an infinity would reach the outputs as text JSON
			// cannot hold.
			for key, x := range map[string]float64{"at_government": t.AtGov, "at_opposition": t.AtUTO} {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					v.add(p+".terms."+t.ID+"."+key, "expected a finite number, got %g", x)
				}
			}
		}
		v.oneOf(p+".effect", is.Effect, EffectNone, EffectCeasefire, EffectRestoreCeasefire, EffectJointCommission, EffectFramework, EffectFinal)
		if is.Effect == EffectFinal {
			finals++
		}
	}
	if finals > 1 {
		v.add("agenda", "only one issue can be final (the General Agreement)")
	}
	if c := requiresCycle(s.Agenda); c != "" {
		v.add("agenda", "the prerequisites form a cycle: %s", c)
	}

	// Parties.
	var partyIDs []string
	for _, p := range s.Parties {
		partyIDs = append(partyIDs, p.ID)
	}
	for _, need := range []string{Government, Opposition} {
		if !slices.Contains(partyIDs, need) {
			v.add("parties", "the model needs a party with id %q", need)
		}
	}
	for _, p := range s.Parties {
		pp := "parties." + p.ID
		if p.ID == "" {
			v.add("parties", "every party needs an id")
		}
		v.rangeF(pp+".strength", p.Strength, 0.01, 100)
		main := p.ID == Government || p.ID == Opposition
		if main && !p.AtTable {
			v.add(pp+".at_table", "the government and the UTO are the two parties at the table; at_table must be true")
		}

		v.unit(pp+".resources", p.Resources)
		v.unit(pp+".income", p.Income)
		v.unit(pp+".recruitment", p.Recruitment)
		v.unit(pp+".weariness", p.Weariness)
		v.unit(pp+".cohesion", p.Cohesion)
		v.unit(pp+".leader_will", p.LeaderWill)
		v.unit(pp+".aggression", p.Aggression)
		v.unit(pp+".inside", p.Inside)
		w := p.Willingness
		v.unit(pp+".willingness.base", w.Base)
		for _, f := range []struct {
			k string
			x float64
		}{{"hurting", w.Hurting}, {"stalemate", w.Stalemate}, {"pressure", w.Pressure}, {"trust", w.Trust}, {"prospect", w.Prospect}, {"rivals", w.Rivals}, {"depletion", w.Depletion}, {"deadlock", w.Deadlock}} {
			v.rangeF(pp+".willingness."+f.k, f.x, 0, 5)
		}
		v.unit(pp+".willingness.inertia", w.Inertia)
		for _, issue := range slices.Sorted(maps.Keys(p.Positions)) {
			pos := p.Positions[issue]
			ip := pp + ".positions." + issue
			v.ref(ip, issue, issueIDs, "agenda issue")
			v.unit(ip+".ideal", pos.Ideal)
			v.rangeF(ip+".flexibility", pos.Flexibility, 0, 1)
		}
		if p.AtTable {
			for _, is := range s.Agenda {
				if _, ok := p.Positions[is.ID]; !ok {
					v.add(pp+".positions", "missing a position on agenda issue %q", is.ID)
				}
			}
		}
	}

	// Observers.
	var obsIDs []string
	for _, o := range s.Observers {
		obsIDs = append(obsIDs, o.ID)
	}
	for _, o := range s.Observers {
		op := "observers." + o.ID
		if o.ID == "" {
			v.add("observers", "every observer needs an id")
		}
		if slices.Contains(partyIDs, o.ID) {
			v.add(op, "id %q is already a party", o.ID)
		}
		v.oneOf(op+".kind", o.Kind, "state", "organisation")
		if o.Client != "" {
			v.ref(op+".client", o.Client, partyIDs, "party")
		}
		if !o.Joins.IsZero() {
			v.inSpan(op+".joins", o.Joins, sp)
		}
		v.rangeF(op+".bias", o.Bias, -5, 5)
		in := o.Interest
		for _, f := range []struct {
			k string
			x float64
		}{{"security", in.Security}, {"taliban", in.Taliban}, {"troop_cost", in.TroopCost}, {"influence", in.Influence}, {"dependence", in.Dependence}} {
			v.rangeF(op+".interests."+f.k, f.x, 0, 10)
		}
		for _, party := range slices.Sorted(maps.Keys(o.Leverage)) {
			l := o.Leverage[party]
			v.ref(op+".leverage."+party, party, partyIDs, "party")
			v.unit(op+".leverage."+party, l)
		}
		v.unit(op+".capacity.military", o.Capacity.Military)
		v.unit(op+".capacity.supplies", o.Capacity.Supplies)
		v.unit(op+".sanctuary", o.Sanctuary)
		if o.DependsOn != "" {
			v.ref(op+".depends_on", o.DependsOn, obsIDs, "observer")
		}
	}

	// Mediator.
	md := s.Mediator
	v.unit("mediator.knowledge", md.Knowledge)
	v.unit("mediator.shuttle_gain", md.ShuttleGain)
	v.unit("mediator.round_gain", md.RoundGain)
	v.unit("mediator.council_backing", md.CouncilBacking)
	v.rangeI("mediator.observers.deploy_weeks", md.Observers.DeployWeeks, 0, 104)

	// Events.
	for _, e := range s.Events {
		ep := "events." + e.ID
		if e.ID == "" {
			v.add("events", "every event needs an id")
		}
		v.inSpan(ep+".date", e.Date, sp)
		v.oneOf(ep+".kind", e.Kind, EventKinds...)
		v.unit(ep+".magnitude", e.Magnitude)
	}

	// Calendar.
	c := s.Calendar
	v.oneOf("calendar.mode", c.Mode, ModeHistorical, ModeEndogenous)
	v.unit("calendar.readiness", c.Readiness)
	v.rangeI("calendar.gap_weeks", c.GapWeeks, 1, 104)
	v.rangeI("calendar.round_weeks", c.RoundWeeks, 1, 26)
	v.unit("calendar.host_pull", c.HostPull)
	v.unit("calendar.crisis_readiness", c.CrisisReadiness)
	v.rangeI("calendar.council_patience", c.CouncilPatience, 0, 520)
	if !c.StartAfter.IsZero() {
		v.inSpan("calendar.start_after", c.StartAfter, sp)
	}
	if c.Mode == ModeHistorical && len(c.Meetings) == 0 {
		v.add("calendar.meetings", "a historical calendar needs meetings")
	}
	for _, mt := range c.Meetings {
		mp := "calendar.meetings." + mt.ID
		if mt.ID == "" {
			v.add("calendar.meetings", "every meeting needs an id")
		}
		v.oneOf(mp+".kind", mt.Kind, KindRound, KindConsultation, KindLeaders)
		v.inSpan(mp+".start", mt.Start, sp)
		v.inSpan(mp+".end", mt.End, sp)
		if !mt.Start.IsZero() && !mt.End.IsZero() && mt.End.Before(mt.Start.Time) {
			v.add(mp+".end", "the meeting ends before it starts")
		}
		if mt.Host != "" {
			v.ref(mp+".host", mt.Host, obsIDs, "observer")
		}
	}
	// The talks hold one meeting at a time: a meeting that begins before
	// another ends would be skipped without a word (issue #12 item 15).
	var held []Meeting
	for _, mt := range c.Meetings {
		if !mt.Disabled && !mt.Start.IsZero() && !mt.End.IsZero() {
			held = append(held, mt)
		}
	}
	slices.SortStableFunc(held, func(a, b Meeting) int { return a.Start.Compare(b.Start.Time) })
	for i := 1; i < len(held); i++ {
		prev, mt := held[i-1], held[i]
		if mt.Start.Before(prev.End.Time) {
			v.add("calendar.meetings."+mt.ID+".start", "the meeting starts on %s, before meeting %s (%s to %s) ends: the talks hold one meeting at a time; move it, merge the two, or disable one",
				mt.Start.Format(time.DateOnly), prev.ID, prev.Start.Format(time.DateOnly), prev.End.Format(time.DateOnly))
		}
	}
	return v.errs
}

// requiresCycle returns a description of a prerequisite cycle, or "".
func requiresCycle(agenda []Issue) string {
	req := map[string][]string{}
	for _, is := range agenda {
		req[is.ID] = is.Requires
	}
	state := map[string]int{} // 0 new, 1 on stack, 2 done
	var stack []string
	var visit func(id string) string
	visit = func(id string) string {
		switch state[id] {
		case 1:
			i := slices.Index(stack, id)
			return strings.Join(append(stack[i:], id), " -> ")
		case 2:
			return ""
		}
		state[id] = 1
		stack = append(stack, id)
		for _, r := range req[id] {
			if r == id {
				continue
			}
			if c := visit(r); c != "" {
				return c
			}
		}
		stack = stack[:len(stack)-1]
		state[id] = 2
		return ""
	}
	for _, is := range agenda {
		if c := visit(is.ID); c != "" {
			return c
		}
	}
	return ""
}
