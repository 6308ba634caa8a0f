package classroom

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/history"
	"github.com/tajikpeace/tajikpeace/play"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/summary"
)

// Played is a game as the page shows it at its end: the decisions (the
// file `tajikpeace run --play` replays), those that differ from the
// rule's, and the run's milestone table, to stand beside the ensemble and
// history.
type Played struct {
	Game          *play.Game      `json:"game"`
	TurningPoints []play.Decision `json:"turning_points"`
	Table         summary.Table   `json:"table"`
	Cells         [][]string      `json:"cells"`
}

// Play plays run number run of the query's question with the role's
// decisions taken by c (a person at the page, or a test's script), the
// agents playing the rest.
func Play(q Query, run int, role string, c play.Chooser) (*Played, error) {
	if !slices.Contains(play.Roles, role) {
		return nil, fmt.Errorf("role %q: expected %s", role, strings.Join(play.Roles, " or "))
	}
	if run < 0 || run >= q.Seeds {
		return nil, fmt.Errorf("run %d: expected one of the question's runs, 0 to %d", run, q.Seeds-1)
	}
	res, err := scenarios.Load(q.Scenario, q.Sets)
	if err != nil {
		return nil, fmt.Errorf("set: %w", err)
	}
	hist, err := history.Load()
	if err != nil {
		return nil, err
	}
	g := &play.Game{Scenario: q.Scenario, Sets: q.Sets, Seed: q.Seed, Run: run, Role: role}
	rec := play.NewRecorder(g, c)
	model := agents.New(res.Scenario)
	rs := []*sim.Result{sim.Run(model, q.Seed, run, sim.Options{Player: rec})}
	p := &Played{Game: g, TurningPoints: g.TurningPoints(), Table: summary.Summarise(model.Scenario, q.Seed, rs, hist)}
	header, rows := p.Table.Cells()
	p.Cells = append([][]string{header}, rows...)
	return p, nil
}
