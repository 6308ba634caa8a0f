package agents

import (
	"slices"

	"github.com/tajikpeace/tajikpeace/internal/detmath"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

// New builds the agents of a validated scenario into a model the engine can
// run. The scenario is not modified; the model can be run any number of
// times, concurrently.
func New(sc *scenarios.Scenario) *sim.Model {
	m := &sim.Model{Scenario: sc}
	partyIndex := func(id string) int {
		return slices.IndexFunc(sc.Parties, func(p scenarios.Party) bool { return p.ID == id })
	}
	issueIndex := func(id string) int {
		return slices.IndexFunc(sc.Agenda, func(is scenarios.Issue) bool { return is.ID == id })
	}
	// The government and the opposition come first, whatever the file's order.
	parties := slices.Clone(sc.Parties)
	slices.SortStableFunc(parties, func(a, b scenarios.Party) int { return rank(a.ID) - rank(b.ID) })
	sorted := *sc
	sorted.Parties = parties
	m.Scenario = &sorted
	sc = m.Scenario

	for i, p := range sc.Parties {
		if p.AtTable {
			m.Table = append(m.Table, i)
		}
	}
	// Inertias are weekly; a step may be longer or shorter.
	stepWeeks := float64(sc.Span.StepDays) / 7
	framedBy := frameworks(sc)
	restoreIssue := slices.IndexFunc(sc.Agenda, func(is scenarios.Issue) bool { return is.Effect == scenarios.EffectRestoreCeasefire })
	summit := 0.0
	if sc.Mechanisms.Leaders.Enabled {
		summit = sc.Mechanisms.Leaders.SummitReach
	}
	var ps []*Party
	for _, p := range sc.Parties {
		a := &Party{spec: p, battle: sc.Mechanisms.Battlefield, offer: sc.Mechanisms.Offer,
			venue: sc.Mechanisms.Venue, backing: sc.Mediator.CouncilBacking, rivals: len(m.Table) - 2,
			keep: detmath.Pow(p.Willingness.Inertia, stepWeeks), summit: summit,
			framing: sc.Mechanisms.Sequencing.Framing, framedBy: framedBy, restoreIssue: restoreIssue}
		for _, is := range sc.Agenda {
			a.positions = append(a.positions, p.Positions[is.ID])
		}
		ps = append(ps, a)
		m.Parties = append(m.Parties, a)
		m.Init.Parties = append(m.Init.Parties, sim.PartyState{
			Strength: p.Strength, Resources: p.Resources, Weariness: p.Weariness,
			Willingness: p.Willingness.Base, Inside: p.Inside, Prospect: 0.5,
		})
	}
	for _, o := range sc.Observers {
		a := &Observer{spec: o, client: partyIndex(o.Client), dependsOn: -1, pressure: sc.Mechanisms.Pressure,
			keep: detmath.Pow(sc.Mechanisms.Pressure.Inertia, stepWeeks)}
		if o.Client == "" {
			a.client = -1
		}
		if o.DependsOn != "" {
			a.dependsOn = slices.IndexFunc(sc.Observers, func(x scenarios.Observer) bool { return x.ID == o.DependsOn })
		}
		a.leverage = make([]float64, len(sc.Parties))
		for id, l := range o.Leverage {
			a.leverage[partyIndex(id)] = l
		}
		m.Observers = append(m.Observers, a)
		m.Init.Observers = append(m.Init.Observers, sim.ObserverState{Stance: 0})
	}
	med := &Mediator{spec: sc.Mediator, track2: sc.Mechanisms.Track2, offer: sc.Mechanisms.Offer,
		venue: sc.Mechanisms.Venue, calendar: sc.Calendar, agenda: sc.Agenda, parties: ps, table: m.Table,
		observers: sc.Observers, spanStart: sc.Span.Start.Time}
	for _, is := range sc.Agenda {
		var req []int
		for _, r := range is.Requires {
			if r == sim.InForce {
				continue
			}
			req = append(req, issueIndex(r))
		}
		med.needsInForce = append(med.needsInForce, slices.Contains(is.Requires, sim.InForce))
		if is.Effect == scenarios.EffectFinal {
			for j, other := range sc.Agenda {
				if other.ID != is.ID && other.Effect != scenarios.EffectRestoreCeasefire && !slices.Contains(req, j) {
					req = append(req, j)
				}
			}
		}
		med.requires = append(med.requires, req)
	}
	m.Mediator = med
	bf := &Battlefield{b: sc.Mechanisms.Battlefield, p: sc.Mechanisms.Pressure, jc: -1,
		keep: detmath.Pow(sc.Mechanisms.Battlefield.ProspectInertia, stepWeeks)}
	for i := sim.Gov; i <= sim.UTO; i++ {
		bf.income[i] = sc.Parties[i].Income
		bf.recruit[i] = sc.Parties[i].Recruitment
		bf.cohes[i] = sc.Parties[i].Cohesion
	}
	for i, is := range sc.Agenda {
		if is.Effect == scenarios.EffectJointCommission {
			bf.jc = i
		}
	}
	m.Battlefield = bf
	m.Init.Knowledge = sc.Mediator.Knowledge
	return m
}

// frameworks finds, for each agenda issue, the framework text (effect
// "framework") it follows from through its prerequisites, or -1.
func frameworks(sc *scenarios.Scenario) []int {
	index := func(id string) int {
		return slices.IndexFunc(sc.Agenda, func(is scenarios.Issue) bool { return is.ID == id })
	}
	out := make([]int, len(sc.Agenda))
	for i := range sc.Agenda {
		out[i] = -1
		seen := map[int]bool{}
		stack := []int{i}
		for len(stack) > 0 && out[i] < 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, r := range sc.Agenda[j].Requires {
				k := index(r)
				if k < 0 || seen[k] {
					continue
				}
				seen[k] = true
				if sc.Agenda[k].Effect == scenarios.EffectFramework {
					out[i] = k
					break
				}
				stack = append(stack, k)
			}
		}
	}
	return out
}

func rank(id string) int {
	switch id {
	case scenarios.Government:
		return 0
	case scenarios.Opposition:
		return 1
	}
	return 2
}
