package agents_test

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

func model(t testing.TB, sets ...string) *sim.Model {
	t.Helper()
	res, err := scenarios.Load("baseline", sets)
	if err != nil {
		t.Fatal(err)
	}
	return agents.New(res.Scenario)
}

// world returns a copy of the model's initial world, one week per step.
func world(m *sim.Model) *sim.World {
	w := m.Init
	w.Parties = slices.Clone(m.Init.Parties)
	w.Observers = slices.Clone(m.Init.Observers)
	w.Issues = make([]sim.IssueState, len(m.Scenario.Agenda))
	w.StepWeeks = 1
	w.Date = m.Scenario.Span.Start.Time
	return &w
}

func issue(m *sim.Model, id string) int {
	return slices.IndexFunc(m.Scenario.Agenda, func(is scenarios.Issue) bool { return is.ID == id })
}

// settle runs a party's assessment until its willingness has settled.
func settle(m *sim.Model, w *sim.World, party int, prepare func(*sim.PartyState)) {
	for range 300 {
		prepare(&w.Parties[party])
		m.Parties[party].Assess(w, party)
	}
}

// acceptRate is the share of 1,000 tries in which the party accepts draft x.
func acceptRate(m *sim.Model, w *sim.World, party, issue int, x float64) float64 {
	r := rand.New(rand.NewPCG(3, 4))
	n := 0
	for range 1000 {
		if m.Parties[party].Respond(w, party, issue, x, 1, r) == sim.Accept {
			n++
		}
	}
	return float64(n) / 1000
}

// TestPressureMakesPartyAcceptADraftItRejected: for each party, the political
// draft nearest its own text that it mostly rejects without pressure (at
// most 20% of tries) becomes acceptable (at least 80%) once it is pressed.
func TestPressureMakesPartyAcceptADraftItRejected(t *testing.T) {
	m := model(t)
	pol := issue(m, "political")
	for _, party := range []int{sim.Gov, sim.UTO} {
		w := world(m)
		settle(m, w, party, func(p *sim.PartyState) { p.PressureDiplomatic, p.Prospect = 0, 0.5 })
		// Walk from the party's end of the axis towards the other's until
		// the draft is mostly rejected.
		draft, toward := 0.0, 1.0
		if party == sim.UTO {
			draft, toward = 1, -1
		}
		for acceptRate(m, w, party, pol, draft) > 0.2 {
			draft += 0.01 * toward
			if draft < 0 || draft > 1 {
				t.Fatalf("party %d accepts every political draft without pressure", party)
			}
		}
		before := w.Parties[party].Willingness
		settle(m, w, party, func(p *sim.PartyState) { p.PressureDiplomatic, p.Prospect = 2, 0.5 })
		if got := acceptRate(m, w, party, pol, draft); got < 0.8 {
			t.Errorf("party %d accepts the draft at %.2f under pressure in only %.0f%% of tries (willingness %.2f -> %.2f)",
				party, draft, 100*got, before, w.Parties[party].Willingness)
		}
	}
}

func TestStalemateRaisesWillingness(t *testing.T) {
	m := model(t)
	for _, party := range []int{sim.Gov, sim.UTO} {
		calm, hurt := world(m), world(m)
		settle(m, calm, party, func(p *sim.PartyState) { p.Stalemate, p.Prospect = 0, 0.5 })
		settle(m, hurt, party, func(p *sim.PartyState) { p.Stalemate, p.Prospect = 0.8, 0.5 })
		if !(hurt.Parties[party].Willingness > calm.Parties[party].Willingness+0.05) {
			t.Errorf("party %d: willingness %.3f in a stalemate, %.3f without", party,
				hurt.Parties[party].Willingness, calm.Parties[party].Willingness)
		}
	}
}

func TestObserversMakeViolationsRarerAndBetterKnown(t *testing.T) {
	m := model(t)
	var viol [2]float64
	var known [2]float64
	for deployed := range 2 {
		for rep := range 200 {
			w := world(m)
			w.Ceasefire.Signed, w.Ceasefire.InForce = true, true
			w.ObserversDeployed = deployed == 1
			w.Parties[sim.Gov].Ops, w.Parties[sim.UTO].Ops = 0.2, 0.2
			r := rand.New(rand.NewPCG(uint64(rep), 1)) // the same draws with and without
			m.Battlefield.Step(w, r)
			viol[deployed] += w.Ceasefire.Violations
			known[deployed] += w.Ceasefire.Detected
		}
	}
	t.Logf("violations over 200 draws: %.2f with observers, %.2f without; known %.2f vs %.2f", viol[1], viol[0], known[1]/200, known[0]/200)
	if !(viol[1] < viol[0]) {
		t.Errorf("violations with observers %.3f, without %.3f", viol[1], viol[0])
	}
	if !(known[1] > known[0]) {
		t.Errorf("share known with observers %.3f, without %.3f", known[1], known[0])
	}
}

// TestALeadershipOffensiveBreaksTheCeasefire: operations below the
// offensive threshold are violations by those who do not follow the
// leaders, which add to the tension; operations at or above it are the
// leadership's own offensive, which ends the ceasefire that week (002: the
// Tavildara offensive).
func TestALeadershipOffensiveBreaksTheCeasefire(t *testing.T) {
	m := model(t)
	th := m.Scenario.Mechanisms.Battlefield.OffensiveThreshold
	for _, tc := range []struct {
		name   string
		uto    float64
		broken bool
	}{
		{"raids below the threshold", 0.9 * th, false},
		{"an offensive at the threshold", th, true},
		{"an offensive above it", min(1, 1.5*th), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := world(m)
			w.Ceasefire.Signed, w.Ceasefire.InForce = true, true
			w.Parties[sim.Gov].Ops, w.Parties[sim.UTO].Ops = 0, tc.uto
			m.Battlefield.Step(w, rand.New(rand.NewPCG(1, 1)))
			if got := w.Ceasefire.BrokenBy == 1+sim.UTO; got != tc.broken {
				t.Errorf("UTO operations %.3f (threshold %.3f): broken by the UTO %v, want %v (BrokenBy %d)",
					tc.uto, th, got, tc.broken, w.Ceasefire.BrokenBy)
			}
		})
	}
}

func TestTalibanAdvanceTurnsRussiaTowardsPeace(t *testing.T) {
	var events []string
	for _, e := range model(t).Scenario.Events {
		if e.Kind == "taliban_advance" {
			events = append(events, "events."+e.ID+".disabled=true")
		}
	}
	stance := func(m *sim.Model) float64 {
		r := sim.Run(m, 1, 0, sim.Options{Trace: true})
		sum, n := 0.0, 0
		for _, s := range r.Trace {
			if s.Actor == "russia" && s.Variable == "stance" && s.Date.Year() == 1997 {
				sum += s.Value
				n++
			}
		}
		return sum / float64(n)
	}
	with, without := stance(model(t)), stance(model(t, events...))
	t.Logf("Russia's mean stance in 1997: %.2f with the Taliban advance, %.2f without", with, without)
	if !(with > without+0.1) {
		t.Errorf("Russia's mean stance in 1997: %.2f with the Taliban advance, %.2f without", with, without)
	}
}

// signedBy counts, over an ensemble, the agreements signed by a date.
func signedBy(t *testing.T, m *sim.Model, by time.Time, runs int) (count float64, drafts float64) {
	t.Helper()
	rs, err := sim.Ensemble(context.Background(), m, 21, runs, 4, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	signed := 0
	for _, r := range rs {
		for _, ms := range r.Milestones {
			if ms.Reached && ms.Drafts > 0 && !ms.Date.After(by) {
				signed++
				drafts += float64(ms.Drafts)
			}
		}
	}
	return float64(signed) / float64(runs), drafts / float64(max(signed, 1))
}

func TestNoTrack2SlowsTheTalks(t *testing.T) {
	by := time.Date(1997, 6, 30, 0, 0, 0, 0, time.UTC)
	with, _ := signedBy(t, model(t), by, 300)
	without, _ := signedBy(t, model(t, "mechanisms.track2.enabled=false"), by, 300)
	t.Logf("agreements signed by mid-1997 per run: %.2f with Track II, %.2f without", with, without)
	if !(without < with) {
		t.Errorf("agreements signed by mid-1997: %.2f without Track II, %.2f with", without, with)
	}
}

func TestPartyDraftsNeedMoreRounds(t *testing.T) {
	end := time.Date(1997, 12, 31, 0, 0, 0, 0, time.UTC)
	unSigned, unDrafts := signedBy(t, model(t), end, 300)
	pSigned, pDrafts := signedBy(t, model(t, "mechanisms.offer.drafter=parties"), end, 300)
	t.Logf("texts tabled per agreement: UN %.2f, parties %.2f; agreements per run: UN %.2f, parties %.2f",
		unDrafts, pDrafts, unSigned, pSigned)
	if !(pDrafts > unDrafts) {
		t.Errorf("texts tabled per agreement: %.2f when the parties draft, %.2f when the UN drafts", pDrafts, unDrafts)
	}
	if !(pSigned <= unSigned) {
		t.Errorf("agreements signed: %.2f when the parties draft, %.2f when the UN drafts", pSigned, unSigned)
	}
}

// TestMediatorConvenesByItsRules: the endogenous calendar's rules, asked
// between meetings, one case each: the parties' readiness, a host's offer,
// a collapse, the Security Council's patience, and no text to table.
func TestMediatorConvenesByItsRules(t *testing.T) {
	// The rules, not the fitted thresholds, are under test: fix them so that
	// every rule has room to act.
	m := model(t, "calendar.readiness=0.4", "calendar.host_pull=0.2", "calendar.crisis_readiness=0.1", "calendar.council_patience=52")
	cal := m.Scenario.Calendar
	weeksAfter := func(w *sim.World, weeks int) { w.Date = cal.StartAfter.AddDate(0, 0, 7*weeks) }
	cases := []struct {
		name    string
		set     func(w *sim.World)
		want    bool
		wantWhy string
	}{
		{"both ready", func(w *sim.World) { setWill(w, 0.6, 0.6) }, true, sim.ConveneReady},
		{"government unwilling", func(w *sim.World) { setWill(w, 0.02, 0.6) }, false, ""},
		{"a host presses", func(w *sim.World) {
			setWill(w, cal.Readiness-float64(0.5*cal.HostPull), 0.6)
			w.Observers[0].Active, w.Observers[0].Stance = true, 1
		}, true, sim.ConveneHost},
		{"the ceasefire collapsed", func(w *sim.World) {
			setWill(w, cal.CrisisReadiness, cal.CrisisReadiness)
			w.Issues[issue(m, "ceasefire")].Signed = true
			w.Ceasefire.Signed, w.Ceasefire.Collapsed = true, true
		}, true, sim.ConveneCrisis},
		{"the Council loses patience", func(w *sim.World) {
			setWill(w, 0.02, 0.02)
			weeksAfter(w, cal.CouncilPatience+1)
		}, true, sim.ConveneCouncil},
		{"the Council still waits", func(w *sim.World) {
			setWill(w, 0.02, 0.02)
			weeksAfter(w, cal.CouncilPatience-1)
		}, false, ""},
		{"nothing to table", func(w *sim.World) {
			setWill(w, 0.6, 0.6)
			for i := range w.Issues {
				w.Issues[i].Signed = true
			}
		}, false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := world(m)
			weeksAfter(w, 1)
			tc.set(w)
			got, why := m.Mediator.Ready(w)
			if got != tc.want || why != tc.wantWhy {
				t.Errorf("Ready = %v (%q), want %v (%q)", got, why, tc.want, tc.wantWhy)
			}
		})
	}
}

func setWill(w *sim.World, gov, uto float64) {
	w.Parties[sim.Gov].Willingness, w.Parties[sim.UTO].Willingness = gov, uto
}

// TestEndogenousCalendarReachesTheGeneralAgreement: with no calendar the
// mediator convenes by itself and the talks get somewhere.
func TestEndogenousCalendarReachesTheGeneralAgreement(t *testing.T) {
	res, err := scenarios.Load("endogenous", nil)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := sim.Ensemble(context.Background(), agents.New(res.Scenario), 1, 200, 4, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	reached := 0
	for _, r := range rs {
		if ga, _ := r.Milestone("general_agreement"); ga.Reached {
			reached++
		}
	}
	t.Logf("General Agreement reached in %d of 200 runs", reached)
	if reached < 100 {
		t.Errorf("General Agreement in %d of 200 runs under the endogenous calendar", reached)
	}
}

// TestThreePartyDraft: with a third party seated, the mediator's draft lies
// in every party's zone when the zones meet, and otherwise minimises the
// largest stretch (checked against a brute-force search over the axis).
func TestThreePartyDraft(t *testing.T) {
	res, err := scenarios.Load("nrm-admitted", nil)
	if err != nil {
		t.Fatal(err)
	}
	m := agents.New(res.Scenario)
	if len(m.Table) != 3 {
		t.Fatalf("table %v, want three parties", m.Table)
	}
	w := world(m)
	w.Knowledge = 1 // no estimation noise: est is the truth
	for _, tc := range []struct {
		issue       string
		willingness float64
	}{{"ceasefire", 0.9}, {"political", 0.1}, {"political", 0.5}, {"cnr_protocol", 0.3}} {
		is := issue(m, tc.issue)
		for _, p := range m.Table {
			w.Parties[p].Willingness = tc.willingness
		}
		est := make([]float64, len(m.Table))
		x := m.Mediator.Draft(w, is, 0, est, -1, rand.New(rand.NewPCG(1, 2)))
		stretch := func(x float64) float64 {
			worst := 0.0
			for k, p := range m.Table {
				d := x - m.Parties[p].Ideal(w, is)
				if d < 0 {
					d = -d
				}
				worst = max(worst, d/est[k])
			}
			return worst
		}
		if s := stretch(x); s <= 1 {
			continue // inside every zone
		}
		best := 1e9
		for g := 0; g <= 10000; g++ {
			best = min(best, stretch(float64(g)/10000))
		}
		if stretch(x) > best+1e-3 {
			t.Errorf("%s at willingness %.1f: draft %.4f stretches %.4f, the best point %.4f", tc.issue, tc.willingness, x, stretch(x), best)
		}
	}
}

// TestRivalsLowerTheGovernmentsWillingness: a rival faction at the table
// discounts the government's willingness (004 "Response to Single
// Governance").
func TestRivalsLowerTheGovernmentsWillingness(t *testing.T) {
	alone := model(t)
	res, _ := scenarios.Load("nrm-admitted", nil)
	crowded := agents.New(res.Scenario)
	wa, wc := world(alone), world(crowded)
	settle(alone, wa, sim.Gov, func(p *sim.PartyState) { p.PressureDiplomatic, p.Prospect = 0.2, 0.5 })
	settle(crowded, wc, sim.Gov, func(p *sim.PartyState) { p.PressureDiplomatic, p.Prospect = 0.2, 0.5 })
	// A seated rival divides the government's reasons to settle by
	// 1 + rivals (the same reasons here: the same pressure, no superiority).
	rivals := res.Scenario.Parties[sim.Gov].Willingness.Rivals
	want := wa.Parties[sim.Gov].Willingness / (1 + rivals)
	if got := wc.Parties[sim.Gov].Willingness; rivals <= 0 || math.Abs(got-want) > 1e-3*want {
		t.Errorf("government willingness %.4f with a rival at the table, %.4f without; want %.4f (divided by 1 + %g)",
			got, wa.Parties[sim.Gov].Willingness, want, rivals)
	}
}

// TestSuperiorityDiscountsTheGovernment: the government's military
// superiority divides its reasons to settle, so a government sure of
// winning is less willing but still moved by pressure (004: reluctant
// "but Russia and the UN pressured government to cooperate"); the
// opposition's hope of gains is subtracted, and can hold it at zero.
func TestSuperiorityDiscountsTheGovernment(t *testing.T) {
	m := model(t)
	willing := func(party int, prospect, pressure float64) float64 {
		w := world(m)
		settle(m, w, party, func(p *sim.PartyState) { p.PressureDiplomatic, p.Prospect = pressure, prospect })
		return w.Parties[party].Willingness
	}
	even, superior := willing(sim.Gov, 0.5, 0.3), willing(sim.Gov, 1, 0.3)
	pressed := willing(sim.Gov, 1, 1)
	weight := m.Scenario.Parties[sim.Gov].Willingness.Prospect
	if math.Abs(superior-even/(1+weight)) > 1e-3*even {
		t.Errorf("government: willingness %.4f when sure of winning, %.4f at even odds; want the second divided by 1 + %g", superior, even, weight)
	}
	if !(pressed > superior+0.05) {
		t.Errorf("a government sure of winning: willingness %.4f under pressure 1, %.4f under 0.3; pressure should still move it", pressed, superior)
	}
	// The same odds hold the opposition back by a fixed amount: with little
	// pressure and its hopes high it does not want to settle at all.
	if u := willing(sim.UTO, 1, 0); u > 0.01 {
		t.Errorf("an opposition sure of gains and under no pressure: willingness %.4f, want about 0", u)
	}
}

// TestDeadlockKeepsWeighing: the cost of a deadlock grows with every year
// nothing is signed, beyond three years too (003 "Pressure for Peace":
// Russia tired of lengthy talks), so a stalled process keeps pushing both
// sides towards a settlement.
func TestDeadlockKeepsWeighing(t *testing.T) {
	m := model(t)
	for _, party := range []int{sim.Gov, sim.UTO} {
		after := func(years int) float64 {
			w := world(m)
			w.LastSigned = w.Date.AddDate(-years, 0, 0)
			settle(m, w, party, func(p *sim.PartyState) { p.Prospect = 0.5 })
			return w.Parties[party].Willingness
		}
		one, three, six := after(1), after(3), after(6)
		if !(one < three && three < six) {
			t.Errorf("party %d: willingness %.4f, %.4f, %.4f after 1, 3 and 6 years without a signed text; want it rising", party, one, three, six)
		}
	}
}
