package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tajikpeace/tajikpeace/classroom"
	"github.com/tajikpeace/tajikpeace/play"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/summary"
)

// scriptedUTO is a student playing the opposition by a rule of their own:
// stay away from no meeting, ask to amend every text of the political
// settlement the first time it is drafted at a sitting, and refuse any
// text the delegation's limit does not reach; otherwise answer as the
// model's UTO would.
type scriptedUTO struct{ play.Rule }

func (scriptedUTO) Attend(sim.Situation, bool) bool { return true }
func (scriptedUTO) Answer(s sim.Situation, agent sim.Response) sim.Response {
	switch {
	case s.Issue == "political" && s.Draft == 0:
		return sim.Amend
	case abs(s.Text-s.Ideal) > s.Limit:
		return sim.Reject
	}
	return agent
}

func abs(x float64) float64 { return max(x, -x) }

// scriptedEnvoy is a student playing the UN envoy: convene when the
// model's envoy would, and table every text at 0.3 of the axis.
type scriptedEnvoy struct{ play.Rule }

func (scriptedEnvoy) Place(sim.Situation, float64) string { return "0.3" }

// TestPlayedGameReplaysExactly: games as the UTO and as the UN envoy,
// played through the classroom package (the page's code) and saved,
// played again by `tajikpeace run --play` give the same milestone dates;
// the manifest records the game.
func TestPlayedGameReplaysExactly(t *testing.T) {
	q, err := classroom.ParseQuery("scenario=endogenous&seeds=10&seed=4")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		role    string
		chooser play.Chooser
	}{{"uto", scriptedUTO{}}, {"un", scriptedEnvoy{}}} {
		t.Run(c.role, func(t *testing.T) {
			p, err := classroom.Play(q, 3, c.role, c.chooser)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(p.Game.TurningPoints()); n == 0 {
				t.Fatal("the script decided nothing differently from the model's: the test tests nothing")
			}
			dir := t.TempDir()
			file := filepath.Join(dir, "decisions.json")
			b, err := json.MarshalIndent(p.Game, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, b, 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "replayed")
			if msg, err := execute(t, "run", "--play", file, "--out", out, "--no-figures"); err != nil {
				t.Fatalf("%v\n%s", err, msg)
			}
			var table summary.Table
			if err := results.ReadJSON(filepath.Join(out, "summary.json"), &table); err != nil {
				t.Fatal(err)
			}
			a, _ := json.Marshal(table.Rows)
			b, _ = json.Marshal(p.Table.Rows)
			if string(a) != string(b) {
				t.Errorf("the replay's milestones differ from the game's:\nreplay %s\ngame   %s", a, b)
			}
			var man results.Manifest
			if err := results.ReadJSON(filepath.Join(out, "manifest.json"), &man); err != nil {
				t.Fatal(err)
			}
			want := &results.PlayInfo{File: "decisions.json", Role: c.role, Run: 3, Decisions: len(p.Game.Decisions), TurningPoints: len(p.Game.TurningPoints())}
			if man.Play == nil || man.Play.SHA256 == "" {
				t.Fatalf("the manifest records no game: %+v", man.Play)
			}
			want.SHA256 = man.Play.SHA256
			if !reflect.DeepEqual(man.Play, want) || man.Seed != 4 || man.Scenario != "endogenous" {
				t.Errorf("manifest: play %+v, seed %d, scenario %s; want %+v, 4, endogenous", man.Play, man.Seed, man.Scenario, want)
			}
		})
	}
}

func TestPlayRefuses(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "game.json")
	if err := os.WriteFile(good, []byte(`{"scenario":"endogenous","seed":1,"run":0,"role":"uto","decisions":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"scenario":"endogenous","seed":1,"run":0,"role":"iran","decisions":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--play", good, "--seeds", "5"}, "--seeds does not go with it"},
		{[]string{"run", "no-taliban", "--play", good}, "played on endogenous, not no-taliban"},
		{[]string{"run", "--play", bad}, `bad.json: role "iran": expected government, uto, russia, un`},
		{[]string{"run", "--play", filepath.Join(dir, "none.json")}, "none.json"},
		// No decisions: the run asks for some.
		{[]string{"run", "--play", good, "--out", filepath.Join(dir, "o")}, "after the file's last, decision 0"},
	} {
		msg, err := execute(t, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v (%s), want an error containing %q", c.args, err, msg, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "o")); err == nil {
		t.Error("a game that does not fit its run wrote an output directory")
	}
}
