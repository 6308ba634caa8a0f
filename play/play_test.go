package play

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

// contrarian rejects every political text the rule would accept and
// otherwise agrees: a player who changes the course of a run.
type contrarian struct{}

func (contrarian) Attend(_ sim.Situation, agent bool) bool     { return agent }
func (contrarian) Stance(_ sim.Situation, agent string) string { return agent }
func (contrarian) Convene(_ sim.Situation, agent bool) bool    { return agent }
func (contrarian) Place(sim.Situation, float64) string         { return AsTheRule }
func (contrarian) Answer(s sim.Situation, agent sim.Response) sim.Response {
	if s.Issue == "political" && agent == sim.Accept && s.Date.Year() < 1998 {
		return sim.Reject
	}
	return agent
}

// agreeable always decides as the rule does.
type agreeable struct{}

func (agreeable) Attend(_ sim.Situation, agent bool) bool                 { return agent }
func (agreeable) Stance(_ sim.Situation, agent string) string             { return agent }
func (agreeable) Answer(_ sim.Situation, agent sim.Response) sim.Response { return agent }
func (agreeable) Convene(_ sim.Situation, agent bool) bool                { return agent }
func (agreeable) Place(sim.Situation, float64) string                     { return AsTheRule }

func model(t *testing.T, name string) *sim.Model {
	t.Helper()
	res, err := scenarios.Load(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	return agents.New(res.Scenario)
}

func dates(r *sim.Result) []string {
	var out []string
	for _, m := range r.Milestones {
		out = append(out, m.ID+" "+m.Date.Format(time.DateOnly))
	}
	return out
}

// TestAgreeingPlayerChangesNothing: the party's rule decides first and
// draws its random numbers as ever, so a player who agrees with it plays
// the model's own run, milestone for milestone.
func TestAgreeingPlayerChangesNothing(t *testing.T) {
	m := model(t, "endogenous")
	for run := range 5 {
		plain := sim.Run(m, 3, run, sim.Options{})
		g := &Game{Scenario: "endogenous", Seed: 3, Run: run, Role: "uto"}
		played := sim.Run(m, 3, run, sim.Options{Player: NewRecorder(g, agreeable{})})
		if a, b := strings.Join(dates(plain), ","), strings.Join(dates(played), ","); a != b {
			t.Errorf("run %d: played with the rule's own choices %s, alone %s", run, b, a)
		}
		if len(g.Decisions) == 0 || len(g.TurningPoints()) != 0 {
			t.Errorf("run %d: %d decisions, %d turning points; want some, and none", run, len(g.Decisions), len(g.TurningPoints()))
		}
	}
}

// TestScriptReplaysAGame: a game saved as JSON and read back gives the
// same run, and a game whose decisions do not fit the run is refused,
// saying where.
func TestScriptReplaysAGame(t *testing.T) {
	m := model(t, "endogenous")
	g := &Game{Scenario: "endogenous", Seed: 1, Run: 2, Role: "uto"}
	played := sim.Run(m, g.Seed, g.Run, sim.Options{Player: NewRecorder(g, contrarian{})})
	if len(g.TurningPoints()) == 0 {
		t.Fatal("the contrarian made no decision the rule would not have: the test tests nothing")
	}
	if strings.Join(dates(played), ",") == strings.Join(dates(sim.Run(m, g.Seed, g.Run, sim.Options{})), ",") {
		t.Fatal("rejecting the political texts changed no date")
	}
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	s := NewScript(back)
	again := sim.Run(m, g.Seed, g.Run, sim.Options{Player: s})
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	if a, b := strings.Join(dates(played), ","), strings.Join(dates(again), ","); a != b {
		t.Errorf("replayed %s, played %s", b, a)
	}

	// The same decisions on another run do not fit it.
	other := *back
	s = NewScript(&other)
	sim.Run(m, g.Seed, g.Run+1, sim.Options{Player: s})
	if err := s.Err(); err == nil || !strings.Contains(err.Error(), "another version of the model or scenario") {
		t.Errorf("decisions of run 2 replayed on run 3: got %v, want a mismatch named", err)
	}
	// Fewer decisions than the run asks for.
	short := *back
	short.Decisions = back.Decisions[:len(back.Decisions)/2]
	s = NewScript(&short)
	sim.Run(m, g.Seed, g.Run, sim.Options{Player: s})
	if err := s.Err(); err == nil || !strings.Contains(err.Error(), "after the file's last") {
		t.Errorf("half the decisions: got %v, want the run to ask for more", err)
	}
}

func TestParseRefuses(t *testing.T) {
	ok := `{"scenario":"endogenous","seed":1,"run":0,"role":"uto","decisions":[{"date":"1994-04-05","kind":"answer","issue":"ceasefire","choice":"accept","agent":"reject"}]}`
	place := `{"scenario":"endogenous","seed":1,"run":0,"role":"un","decisions":[{"date":"1997-04-05","kind":"place","issue":"political","choice":"0.42","agent":"0.375"}]}`
	convene := `{"scenario":"endogenous","seed":1,"run":0,"role":"un","decisions":[{"date":"1997-04-05","kind":"convene","choice":"wait","agent":"convene"}]}`
	for _, in := range []string{ok, place, convene, strings.Replace(place, `"choice":"0.42"`, `"choice":"as the rule"`, 1)} {
		if _, err := Parse([]byte(in)); err != nil {
			t.Fatalf("a valid game: %v", err)
		}
	}
	for _, c := range []struct{ name, in, want string }{
		{"not JSON", `{`, "expected a game as JSON"},
		{"unknown key", `{"scenario":"endogenous","role":"uto","colour":1}`, `unknown field "colour"`},
		{"two games", ok + ok, "found more"},
		{"a file scenario", strings.Replace(ok, `"endogenous"`, `"../x.yaml"`, 1), "expected a built-in scenario"},
		{"another observer's role", strings.Replace(ok, `"uto"`, `"iran"`, 1), `role "iran": expected government, uto, russia`},
		{"a negative run", strings.Replace(ok, `"run":0`, `"run":-1`, 1), "run -1"},
		{"a bad date", strings.Replace(ok, "1994-04-05", "5 April", 1), `decisions[0].date "5 April"`},
		{"a bad choice", strings.Replace(ok, `"choice":"accept"`, `"choice":"maybe"`, 1), `decisions[0].choice "maybe": expected accept, amend, reject`},
		{"a bad kind", strings.Replace(ok, `"kind":"answer"`, `"kind":"shout"`, 1), `decisions[0].kind "shout"`},
		{"an answer to nothing", strings.Replace(ok, `"issue":"ceasefire",`, ``, 1), "names its text"},
		{"an answer by Russia", strings.Replace(ok, `"uto"`, `"russia"`, 1), `not a decision of the role russia`},
		{"a stance by a party", strings.Replace(strings.Replace(ok, `"kind":"answer"`, `"kind":"stance"`, 1), `"choice":"accept","agent":"reject"`, `"choice":"arm","agent":"press"`, 1), `not a decision of the role uto`},
		{"attend with an answer's word", strings.Replace(ok, `"kind":"answer"`, `"kind":"attend"`, 1), `expected attend, stay away`},
		{"an answer by the envoy", strings.Replace(ok, `"uto"`, `"un"`, 1), `not a decision of the role un`},
		{"a draft placed by a party", strings.Replace(place, `"un"`, `"uto"`, 1), `not a decision of the role uto`},
		{"a draft placed off the axis", strings.Replace(place, `"choice":"0.42"`, `"choice":"1.5"`, 1), `decisions[0].choice "1.5": expected a point of the axis from 0 to 1`},
		{"a draft placed to four decimals", strings.Replace(place, `"choice":"0.42"`, `"choice":"0.4213"`, 1), `with at most three decimals`},
		{"a draft placed in words", strings.Replace(place, `"choice":"0.42"`, `"choice":"middle"`, 1), `or "as the rule"`},
		{"a rule's draft in words", strings.Replace(place, `"agent":"0.375"`, `"agent":"as the rule"`, 1), `decisions[0].agent "as the rule"`},
		{"a draft of no text", strings.Replace(place, `"issue":"political",`, ``, 1), "names its text"},
		{"convene with a stance", strings.Replace(convene, `"choice":"wait"`, `"choice":"press"`, 1), `expected convene, wait`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"scenario":"endogenous","seed":1,"run":0,"role":"uto","decisions":[{"date":"1994-04-05","kind":"attend","choice":"attend","agent":"stay away"}]}`))
	f.Add([]byte(`{"scenario":"endogenous","seed":1,"run":0,"role":"un","decisions":[{"date":"1997-04-05","kind":"place","issue":"political","choice":"0.42","agent":"0.375"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := Parse(b)
		if err != nil {
			return
		}
		// What Parse accepts, written again, is read back the same.
		out, err := json.Marshal(g)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("%s: accepted, written, refused: %v", out, err)
		}
		if a, _ := json.Marshal(again); string(a) != string(out) {
			t.Fatalf("written %s, read back as %s", out, a)
		}
	})
}

// gaDay is the General Agreement's date in a run, far in the future if
// it is never signed.
func gaDay(r *sim.Result) time.Time {
	ms, _ := r.Milestone("general_agreement")
	if !ms.Reached {
		return time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return ms.Date
}

// replays saves g as JSON, reads it back and plays it again: nil if the
// run asks for the same decisions and gives played's milestone dates.
func replays(m *sim.Model, g *Game, played *sim.Result) error {
	b, err := json.Marshal(g)
	if err != nil {
		return err
	}
	back, err := Parse(b)
	if err != nil {
		return err
	}
	s := NewScript(back)
	again := sim.Run(m, g.Seed, g.Run, sim.Options{Player: s})
	if err := s.Err(); err != nil {
		return err
	}
	if a, b := strings.Join(dates(again), ","), strings.Join(dates(played), ","); a != b {
		return fmt.Errorf("replayed as another run: %s, played %s", a, b)
	}
	return nil
}

// hawk plays Russia arming the government throughout.
type hawk struct{ agreeable }

func (hawk) Stance(sim.Situation, string) string { return "arm" }

// ruleRussia leaves every stance to the rule.
type ruleRussia struct{ agreeable }

func (ruleRussia) Stance(sim.Situation, string) string { return AsTheRule }

// TestPlayingRussia: leaving every month's stance to the rule plays the
// model's own run; a Russia that arms the government throughout (the
// sources' Russia before its turn, 003 Stage II) delays the General
// Agreement, and the game replays.
func TestPlayingRussia(t *testing.T) {
	m := model(t, "endogenous")
	later := 0
	for run := range 10 {
		plain := sim.Run(m, 1, run, sim.Options{})
		g := &Game{Scenario: "endogenous", Seed: 1, Run: run, Role: Russia}
		same := sim.Run(m, 1, run, sim.Options{Player: NewRecorder(g, ruleRussia{})})
		if strings.Join(dates(plain), ",") != strings.Join(dates(same), ",") {
			t.Errorf("run %d: Russia left to its rule played another run", run)
		}
		if len(g.Decisions) < 50 || len(g.TurningPoints()) != 0 {
			t.Errorf("run %d: %d monthly decisions, %d turning points; want many, none", run, len(g.Decisions), len(g.TurningPoints()))
		}
		h := &Game{Scenario: "endogenous", Seed: 1, Run: run, Role: Russia}
		armed := sim.Run(m, 1, run, sim.Options{Player: NewRecorder(h, hawk{})})
		if gaDay(armed).After(gaDay(plain)) {
			later++
		}
		if err := replays(m, h, armed); err != nil {
			t.Errorf("run %d: the hawk's game: %v", run, err)
		}
	}
	if later < 9 {
		t.Errorf("a Russia arming the government throughout delayed the agreement in %d of 10 runs, want at least 9", later)
	}
}

// envoy plays the UN envoy: it convenes when the rule would (or never,
// with wait), and places every draft at the point at (or leaves it to the
// rule if at is negative).
type envoy struct {
	agreeable
	wait bool
	at   float64
}

func (e envoy) Convene(_ sim.Situation, agent bool) bool { return agent && !e.wait }
func (e envoy) Place(sim.Situation, float64) string {
	if e.at < 0 {
		return AsTheRule
	}
	return strconv.FormatFloat(e.at, 'g', -1, 64)
}

// TestPlayingTheMediator: an envoy who leaves every decision to the rule
// plays the model's own run; one who never convenes gets nothing signed
// under the endogenous calendar; one who tables the government's text
// every time (far from the compromise 001's Hay describes the UN
// drafting) signs the General Agreement later or never; and a game
// replays.
func TestPlayingTheMediator(t *testing.T) {
	m := model(t, "endogenous")
	later := 0
	for run := range 10 {
		plain := sim.Run(m, 1, run, sim.Options{})
		g := &Game{Scenario: "endogenous", Seed: 1, Run: run, Role: Mediator}
		same := sim.Run(m, 1, run, sim.Options{Player: NewRecorder(g, envoy{at: -1})})
		if strings.Join(dates(plain), ",") != strings.Join(dates(same), ",") {
			t.Errorf("run %d: the envoy left to its rule played another run", run)
		}
		kinds := map[string]int{}
		for _, d := range g.Decisions {
			kinds[d.Kind]++
		}
		if kinds[KindConvene] < 10 || kinds[KindPlace] < 10 || len(g.TurningPoints()) != 0 {
			t.Errorf("run %d: %v decisions, %d turning points; want many of each kind, none", run, kinds, len(g.TurningPoints()))
		}

		idle := sim.Run(m, 1, run, sim.Options{Player: NewRecorder(&Game{Role: Mediator}, envoy{wait: true, at: -1})})
		for _, ms := range idle.Milestones {
			if ms.Reached {
				t.Errorf("run %d: an envoy who never convenes, yet %s on %s", run, ms.ID, ms.Date.Format(time.DateOnly))
			}
		}

		h := &Game{Scenario: "endogenous", Seed: 1, Run: run, Role: Mediator}
		partisan := sim.Run(m, 1, run, sim.Options{Player: NewRecorder(h, envoy{at: 0})})
		if gaDay(partisan).After(gaDay(plain)) {
			later++
		}
		if err := replays(m, h, partisan); err != nil {
			t.Errorf("run %d: the partisan envoy's game: %v", run, err)
		}
	}
	if later < 9 {
		t.Errorf("an envoy tabling the government's text delayed the agreement in %d of 10 runs, want at least 9", later)
	}
}

func TestPlaceKeepsThreeDecimals(t *testing.T) {
	for _, c := range []struct {
		in   string
		x    float64
		word string
	}{
		{"0.42", 0.42, "0.42"}, {"0.123456", 0.123, "0.123"}, {" 1 ", 1, "1"}, {"0", 0, "0"},
		{"1.2", 0.5, AsTheRule}, {"-0.1", 0.5, AsTheRule}, {"NaN", 0.5, AsTheRule}, {"as the rule", 0.5, AsTheRule}, {"", 0.5, AsTheRule},
	} {
		x, w := place(c.in, 0.5)
		if x != c.x || w != c.word {
			t.Errorf("place(%q) = %v, %q; want %v, %q", c.in, x, w, c.x, c.word)
		}
		if w != AsTheRule {
			if back, err := ParsePoint(w); err != nil || back != x {
				t.Errorf("%q reads back as %v (%v), played %v", w, back, err, x)
			}
		}
	}
}
