package agents_test

import (
	"context"
	"testing"
	"time"

	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/internal/racetest"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

// meanAgreementDay is the mean day (from 1 Jan 1993) of the General
// Agreement over an ensemble of the endogenous calendar, a run that never
// signs it counting as the day after the span: under the endogenous
// calendar the timing is the agents'. All variants use the same seeds
// (common random numbers).
func meanAgreementDay(t *testing.T, runs int, sets ...string) float64 {
	t.Helper()
	res, err := scenarios.Load("endogenous", sets)
	if err != nil {
		t.Fatal(err)
	}
	m := agents.New(res.Scenario)
	rs, err := sim.Ensemble(context.Background(), m, 1, runs, 2, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	origin := time.Date(1993, 1, 1, 0, 0, 0, 0, time.UTC)
	censor := m.Scenario.Span.End.AddDate(0, 0, 1)
	sum := 0.0
	for _, r := range rs {
		when := censor
		if ga, _ := r.Milestone("general_agreement"); ga.Reached {
			when = ga.Date
		}
		sum += when.Sub(origin).Hours() / 24
	}
	return sum / float64(runs)
}

// TestEachChannelDoesItsOwnWork switches off one causal channel at a time
// and checks the direction the sources give it: +1 when switching it off
// should delay the General Agreement (the channel brought peace sooner), -1
// when it should bring the agreement sooner (the channel held peace back).
// docs/model.md section 11 lists the channels with their passages and the
// measured shifts.
func TestEachChannelDoesItsOwnWork(t *testing.T) {
	runs := 400
	switch {
	case racetest.Enabled:
		t.Skip("heavy ensemble: run without -race (make ensembles)")
	case testing.Short():
		runs = 150
	}
	cases := []struct {
		channel, source string
		off             []string
		want            int
	}{
		{"the Fundamental Principles frame later texts", "000 (d)",
			[]string{"mechanisms.sequencing.framing=0"}, +1},
		{"leaders concede what delegations cannot", "003 Domestic Factors",
			[]string{"mechanisms.leaders.summit_reach=0"}, +1},
		{"peacekeepers make the fighting cost Russia", "002 Background; 003 Stage II",
			[]string{"mechanisms.battlefield.peacekeeping_cost=0"}, +1},
		{"Massoud depends on Russia and cuts the UTO's supplies", "003 Pressure for Peace",
			[]string{"observers.afghanistan.interests.dependence=0"}, +1},
		{"exhausted resources make a party willing", "001 (depletion of supplies)",
			[]string{"parties.government.willingness.depletion=0", "parties.uto.willingness.depletion=0"}, +1},
		{"a deadlock that drags on costs the parties", "003 Pressure for Peace (Russia tired of lengthy talks)",
			[]string{"parties.government.willingness.deadlock=0", "parties.uto.willingness.deadlock=0"}, +1},
		{"a mutually hurting stalemate makes both willing", "003 Third Stage",
			[]string{"parties.government.willingness.stalemate=0", "parties.uto.willingness.stalemate=0"}, +1},
		{"the Inter-Tajik Dialogue", "001 Saunders; 003 Stage II",
			[]string{"mechanisms.track2.enabled=false"}, +1},
		{"military superiority makes the government reluctant", "004 Multi-dimensional tactic",
			[]string{"parties.government.willingness.prospect=0"}, -1},
		{"a side gaining ground concedes less", "001; 003 Second Stage",
			[]string{"mechanisms.battlefield.gains_weight=0"}, -1},
		{"talks during fighting cost willingness", "002 General Agreement and Expansion of UNMOT",
			[]string{"mechanisms.offer.fighting_cost=0"}, -1},
	}
	on := meanAgreementDay(t, runs)
	for _, tc := range cases {
		t.Run(tc.channel, func(t *testing.T) {
			shift := meanAgreementDay(t, runs, tc.off...) - on
			t.Logf("switched off: General Agreement %+.0f days on average (%s)", shift, tc.source)
			if float64(tc.want)*shift <= 0 {
				t.Errorf("switching off %q moves the General Agreement by %+.0f days; %s says it should move it %s",
					tc.channel, shift, tc.source, map[int]string{1: "later", -1: "earlier"}[tc.want])
			}
		})
	}
}
