package agents

import (
	"math"

	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

// Observer is the decision rule of an observer state or organisation.
type Observer struct {
	spec      scenarios.Observer
	client    int       // party index, -1 for none
	leverage  []float64 // by party index
	dependsOn int       // observer index, -1 for none
	pressure  scenarios.Pressure
	keep      float64 // share of its stance kept from one step to the next
}

// Client is the index of the party the observer backs, or -1.
func (o *Observer) Client() int { return o.client }

// Assess weighs the observer's interests. What pushes it towards peace: the
// war's spill-over into the region, the Taliban's advance, the cost of the war
// to its own troops, and - for an actor that depends on another's goodwill -
// that patron's wish for peace, which matters more the harder the Taliban
// press. What pulls it towards arming its client: the influence it hopes to
// gain from its client's victory, which fades as that victory looks less
// likely. The stance follows the balance of the two, slowly.
//
// (float64(a*b) is a*b rounded before it is added: see Battlefield.Step.)
func (o *Observer) Assess(w *sim.World, self int) {
	st := &w.Observers[self]
	in := o.spec.Interest
	peace := float64(in.Security*w.Instability) + float64(in.Taliban*w.Taliban) + float64(in.TroopCost*w.BorderCost)
	if o.dependsOn >= 0 {
		peace += float64(in.Dependence * w.Taliban * max(0, w.Observers[o.dependsOn].Stance))
	}
	war := 0.0
	if o.client >= 0 {
		war = float64(in.Influence * w.Parties[o.client].Prospect)
	}
	st.Interest = peace - war + o.spec.Bias
	st.Stance = float64(o.keep*st.Stance) + float64((1-o.keep)*saturate(o.pressure.Sensitivity*st.Interest))
}

// saturate maps a net interest to a stance between -1 and +1: x/(1+|x|),
// which rises like x near zero and levels off as interests grow. (A tanh
// has the same shape; this costs a division instead of two exponentials,
// and the stance is computed for every observer every week.)
func saturate(x float64) float64 { return x / (1 + math.Abs(x)) }

// Act uses the observer's instruments. Arming its client (stance below zero):
// arms and supplies in proportion to its capacity, and sanctuary. Pressing for
// peace (stance above zero): diplomatic pressure on each party it has leverage
// over, and cutting the supplies and sanctuary its client relied on.
func (o *Observer) Act(w *sim.World, self int) {
	st := &w.Observers[self]
	st.Support, st.Pressure = 0, 0
	if o.client >= 0 {
		c := &w.Parties[o.client]
		if st.Stance < 0 {
			k := -st.Stance
			c.SupportMilitary += float64(o.spec.Capacity.Military * k)
			c.SupportSupplies += float64(o.spec.Capacity.Supplies * k)
			st.Support = (o.spec.Capacity.Military + o.spec.Capacity.Supplies) * k
		}
		if o.spec.Sanctuary > 0 {
			c.Sanctuary = max(c.Sanctuary, o.spec.Sanctuary*(1-max(0, st.Stance)))
		}
	}
	if st.Stance <= 0 {
		return
	}
	for j, lev := range o.leverage {
		p := float64(lev * st.Stance * o.pressure.Effect)
		w.Parties[j].PressureDiplomatic += p
		st.Pressure += p
	}
	if o.client >= 0 {
		cut := float64(st.Stance * o.pressure.SupplyEffect * (o.spec.Capacity.Military + o.spec.Capacity.Supplies))
		w.Parties[o.client].PressureSupplyCut += cut
		st.Pressure += cut
	}
}
