// Package dataset holds the contents of a run's output directory once
// parsed: what results.Read returns and plots draws. It depends on nothing
// of the model, so the figures, which import it, never reach the engine.
package dataset

import "time"

// Output is the contents of a run's output directory, parsed (results.Read):
// what the figures are drawn from. Nothing here runs the model.
type Output struct {
	Scenario string // scenario name, for titles
	Question string // the question the scenario asks ("" if it asks none)
	Seed     uint64
	Runs     int
	// Posterior names the posterior the runs drew their parameters from
	// ("" if they did not), for titles.
	Posterior string

	// Milestones in table order, with their historical and simulated dates.
	Milestones []Milestone
	// Agenda lists the milestone ids that count towards the General
	// Agreement's agenda (the progress figure's share).
	Agenda []string
	// RunDates holds, for each run, the date each milestone was reached
	// (zero if never), aligned with Milestones.
	RunDates [][]time.Time
	// Terms holds, for each run, the agreed UTO share of government posts
	// (NaN if never agreed).
	UTOShare []float64
	// HistoricalUTOShare is the historical share (0.30).
	HistoricalUTOShare float64

	Meetings []Meeting
	Events   []Event
	// Trace is run 0's per-step state: Trace[actor][variable] is a series.
	Trace  map[string]map[string][]Point
	Actors []Actor // parties then observers, for colours and names
}

// Milestone is one row of the milestone table.
type Milestone struct {
	ID, Name         string
	Historical       time.Time // zero if undated
	Median, Q10, Q90 time.Time // zero if not reached in enough runs
	Reached          float64
}

// Meeting is a round of talks to shade.
type Meeting struct {
	Start, End time.Time
	Kind       string
	Venue      string
}

// Event is an exogenous event to mark.
type Event struct {
	Date  time.Time
	Label string
}

// Point is one value of a series.
type Point struct {
	Date  time.Time
	Value float64
}

// Actor names an actor, whether it is a party, and (for an observer) the
// party it backs.
type Actor struct {
	ID, Name string
	Party    bool
	Client   string
}
