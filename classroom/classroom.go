// Package classroom is what the classroom page computes (issue #14), in
// plain Go so that the tests check the very code the page will run as
// WebAssembly: a question read from the page's address (a built-in
// scenario, its overrides, the number of runs and the master seed), an
// ensemble of it and of a reference run under common random numbers, and
// the milestone tables - the same numbers `tajikpeace run` prints.
//
// Data flows: the page's query string -> ParseQuery -> Query -> Run ->
// Result (JSON for the page) -> the milestone table and figures.
package classroom

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/history"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/summary"
)

// Query is what a page's address asks: ?scenario=no-taliban&seeds=500
// &seed=1&set=observers.russia.interests.taliban=0.5 (set repeatable;
// ref names the scenario it is set beside, "none" for none).
type Query struct {
	Scenario  string
	Reference string
	Seeds     int
	Seed      uint64
	Sets      []string
}

// Defaults and limits of a page's question: a browser runs a thousand runs
// in a moment, and a hand-edited address must not ask for a billion.
const (
	DefaultSeeds = 500
	MaxSeeds     = 20000
	// DefaultReference is what a counterfactual is set beside: the
	// endogenous calendar, as in the teaching guide.
	DefaultReference = "endogenous"
)

// ParseQuery reads a page's query string (with or without its "?"). An
// absent key takes its default; an unknown key, a scenario that is not
// built in (a page reads no files) or a number out of range is an error
// that names the key.
func ParseQuery(raw string) (Query, error) {
	v, err := url.ParseQuery(strings.TrimPrefix(raw, "?"))
	if err != nil {
		return Query{}, fmt.Errorf("the address's query: %w", err)
	}
	q := Query{Scenario: "baseline", Seeds: DefaultSeeds, Seed: 1, Sets: v["set"]}
	for key, vals := range v {
		if !slices.Contains([]string{"scenario", "ref", "seeds", "seed", "set"}, key) {
			return Query{}, fmt.Errorf("%s: unknown key (expected scenario, ref, seeds, seed or set)", key)
		}
		if key != "set" && len(vals) > 1 {
			return Query{}, fmt.Errorf("%s: given %d times, expected once", key, len(vals))
		}
	}
	builtin := scenarios.Builtin()
	if s := v.Get("scenario"); s != "" {
		q.Scenario = s
	}
	if !slices.Contains(builtin, q.Scenario) {
		return Query{}, fmt.Errorf("scenario %q: expected a built-in scenario (%s)", q.Scenario, strings.Join(builtin, ", "))
	}
	q.Reference = DefaultReference
	if r := v.Get("ref"); r != "" {
		q.Reference = r
	}
	if q.Reference == q.Scenario || q.Reference == "none" {
		q.Reference = ""
	}
	if q.Reference != "" && !slices.Contains(builtin, q.Reference) {
		return Query{}, fmt.Errorf("ref %q: expected a built-in scenario or none", q.Reference)
	}
	if s := v.Get("seeds"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 2 || n > MaxSeeds {
			return Query{}, fmt.Errorf("seeds %q: expected a number of runs from 2 to %d", s, MaxSeeds)
		}
		q.Seeds = n
	}
	if s := v.Get("seed"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return Query{}, fmt.Errorf("seed %q: expected a whole number, 0 or more", s)
		}
		q.Seed = n
	}
	for _, s := range q.Sets {
		if !strings.Contains(s, "=") {
			return Query{}, fmt.Errorf("set %q: expected key.path=value", s)
		}
	}
	return q, nil
}

// Encode is the query string that ParseQuery reads back as q: what a
// lecturer copies from the page to hand out.
func (q Query) Encode() string {
	v := url.Values{}
	v.Set("scenario", q.Scenario)
	ref := q.Reference
	if ref == "" {
		ref = "none"
	}
	v.Set("ref", ref)
	v.Set("seeds", strconv.Itoa(q.Seeds))
	v.Set("seed", strconv.FormatUint(q.Seed, 10))
	for _, s := range q.Sets {
		v.Add("set", s)
	}
	return v.Encode()
}

// Result is what a page shows: the question's table and, when the query
// names one, its reference's, run i of each from the same streams.
type Result struct {
	Query     string         `json:"query"`
	Question  string         `json:"question"`
	Table     summary.Table  `json:"table"`
	Reference *summary.Table `json:"reference,omitempty"`
}

// Run plays the query's ensembles on one worker (a browser page has one
// thread), telling progress of every run done of all.
func Run(ctx context.Context, q Query, progress func(done, total int)) (*Result, error) {
	hist, err := history.Load()
	if err != nil {
		return nil, err
	}
	names := []string{q.Scenario}
	if q.Reference != "" {
		names = append(names, q.Reference)
	}
	total, done := q.Seeds*len(names), 0
	var tables []summary.Table
	res := &Result{Query: q.Encode()}
	for k, name := range names {
		sc, err := scenarios.Load(name, q.Sets)
		if err != nil {
			return nil, fmt.Errorf("set: %w", err)
		}
		if k == 0 {
			res.Question = sc.Scenario.Question
		}
		model := agents.New(sc.Scenario)
		runs := make([]*sim.Result, q.Seeds)
		err = sim.Ordered(ctx, 0, q.Seeds, 1, 1,
			func(i int) *sim.Result { return sim.Run(model, q.Seed, i, sim.Options{}) },
			func(i int, r *sim.Result) error {
				runs[i] = r
				if done++; progress != nil {
					progress(done, total)
				}
				return nil
			})
		if err != nil {
			return nil, err
		}
		tables = append(tables, summary.Summarise(model.Scenario, q.Seed, runs, hist))
	}
	res.Table = tables[0]
	if len(tables) > 1 {
		res.Reference = &tables[1]
	}
	return res, nil
}
