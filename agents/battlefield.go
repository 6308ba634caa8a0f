package agents

import (
	"math"
	"math/rand/v2"

	"github.com/tajikpeace/tajikpeace/internal/detmath"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

// Battlefield moves the war: relocation of the opposition from Afghanistan,
// violations of a ceasefire, losses, supplies, control of the mountain
// districts, war-weariness, the cost to Russian border troops, and the
// ripeness signals (prospects, stalemate) the parties read.
type Battlefield struct {
	b       scenarios.Battlefield
	p       scenarios.Pressure
	income  [2]float64
	recruit [2]float64
	cohes   [2]float64
	jc      int     // agenda index of the joint commission, -1 if none
	keep    float64 // share of the parties' reading of the war kept each step
}

// Step advances the battlefield by one step.
//
// Products that meet a sum are written float64(a*b): the conversion makes
// every machine round the product before adding, where some would otherwise
// fuse the two into one multiply-add and the run would differ in the last
// place (internal/detmath says why that matters). Read float64(x) as x.
func (f *Battlefield) Step(w *sim.World, r *rand.Rand) {
	b, dt := f.b, w.StepWeeks
	G, U := &w.Parties[sim.Gov], &w.Parties[sim.UTO]

	// Opposition units filter back into Tajikistan, faster as the sanctuary
	// across the border shrinks.
	U.Inside += float64(b.RelocationRate * (1 - float64(0.7*U.Sanctuary)) * (1 - U.Inside) * dt)

	// Fighting, or violations of a ceasefire in force: only those who do not
	// follow their leaders break it; observers deter violations and make them
	// known, and known violations are taken up rather than left to fester.
	noise := detmath.Exp(0.3 * detmath.NormFloat64(r))
	cf := &w.Ceasefire
	cf.BrokenBy = 0
	if cf.InForce {
		v := float64(b.ViolationRate * (f.breach(G.Ops, 0) + f.breach(U.Ops, 1)) * noise)
		detect := b.DetectWithout
		if w.ObserversDeployed {
			v = float64(v * (1 - b.ObserverDeter))
			detect = b.DetectWith
		}
		handled := detect
		if f.jc < 0 || !w.Issues[f.jc].Signed {
			handled *= 0.5
		}
		cf.Violations, cf.Detected = v, detect
		cf.Tension = float64(cf.Tension*(1-float64(b.TensionDecay*dt))) + float64(v*(1-handled)*dt)
		// An offensive the leadership itself mounts is not a violation to
		// be taken up: it ends the ceasefire (the UTO's Tavildara offensive
		// of early 1996, after its units had come back, 002 Background and
		// General Agreement; 003 Third Stage).
		for side, ops := range [2]float64{G.Ops, U.Ops} {
			if ops >= b.OffensiveThreshold {
				cf.BrokenBy = side + 1
			}
		}
		w.Intensity = clamp01(v)
	} else {
		cf.Violations, cf.Detected = 0, 0
		w.Intensity = clamp01(0.5 * (G.Ops + U.Ops) * noise)
	}
	I := w.Intensity

	// Losses fall on each side in proportion to the other's effective
	// strength. The opposition fights best inside, in the mountains, where
	// the government's army is weaker; a sanctuary shelters units abroad.
	uEff := float64(U.Strength * (0.4 + float64(0.6*U.Inside)))
	gEff := float64(G.Strength * b.MountainFactor)
	share := uEff / (uEff + gEff)
	G.Strength -= float64(b.Lethality * I * share * G.Strength * dt)
	U.Strength -= float64(b.Lethality * I * (1 - share) * (1 - float64(0.5*U.Sanctuary*(1-U.Inside))) * U.Strength * dt)

	// Recruitment draws on resources and slows as a force nears its ceiling;
	// patrons' arms add to it and their supplies restock it.
	// A patron that cuts supplies drains its client's stock (Massoud limiting
	// the UTO's supplies, 003 "Pressure for Peace").
	for i, p := range []*sim.PartyState{G, U} {
		p.Strength += float64((float64(f.recruit[i]*p.Resources) + float64(f.p.SupplyEffect*p.SupportMilitary)) * (1 - p.Strength/b.StrengthCap) * dt)
		p.Resources = clamp01(p.Resources + float64((f.income[i]+float64(f.p.SupplyEffect*p.SupportSupplies)-float64(b.Upkeep*p.Strength)-p.PressureSupplyCut)*dt))
		p.Strength = max(0.01, p.Strength)
		p.Weariness = clamp01(p.Weariness + float64(b.WearinessRate*I*dt) - float64(b.WearinessRelief*(1-I)*p.Weariness*dt))
	}

	// Control of the contested mountain districts follows the balance of
	// the fighting; the opposition lacks the heavy arms to take the lowlands.
	before := w.Control
	w.Control = max(0, min(b.MountainCap, w.Control+float64(b.ControlSpeed*I*(float64(2*share)-1)*dt)))

	// Raids across the border hit Russian border troops; once the CIS
	// peacekeepers deploy, Russia's troops bear part of all the fighting.
	w.BorderCost = clamp01(float64(w.BorderCost*(1-float64(b.BorderCostDecay*dt))) +
		float64((float64(b.BorderCostRate*U.Ops*(1-U.Inside))+float64(b.PeacekeepingCost*w.Peacekeepers*I))*dt))
	w.Instability += float64(b.InstabilityDecay * (I - w.Instability) * dt)

	// Ripeness, read from the fighting over months rather than from one
	// week: each side's prospect follows its share of the effective
	// strength where the war is fought; the trend of control says who is
	// gaining ground. The war looks stalled when control no longer moves
	// while the fighting goes on - offensives fail to take ground - and the
	// stalemate hurts as much as both sides are weary (003 Third Stage; 001).
	w.ControlTrend = float64(f.keep*w.ControlTrend) + float64((1-f.keep)*(w.Control-before)/dt)
	U.Prospect = float64(f.keep*U.Prospect) + float64((1-f.keep)*share)
	G.Prospect = 1 - U.Prospect
	stalled := 1.0
	if b.StallScale > 0 {
		g := w.ControlTrend / b.StallScale
		U.Gains, G.Gains = clamp01(g), clamp01(-g)
		stalled = 1 - min(1, math.Abs(g))
	}
	// A stalemate is felt only while there is fighting to stall: in exile,
	// raiding across the border, the opposition is not in one.
	if b.StalemateIntensity > 0 {
		stalled *= clamp01(w.Instability / b.StalemateIntensity)
	}
	st := float64(4*share*(1-share)) * stalled * math.Sqrt(G.Weariness*U.Weariness)
	G.Stalemate, U.Stalemate = st, st
}

// breach is how much of a party's operations break a ceasefire in force:
// only the share of its fighters who do not follow the leaders, unless the
// operations are large enough to be the leadership's own offensive, which
// breaks it outright (the Tavildara offensive of early 1996, 002).
func (f *Battlefield) breach(ops float64, side int) float64 {
	if ops >= f.b.OffensiveThreshold {
		return ops
	}
	return float64(ops * (1 - f.cohes[side]))
}
