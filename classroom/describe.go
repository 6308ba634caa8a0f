package classroom

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/tajikpeace/tajikpeace/paramtable"
	"github.com/tajikpeace/tajikpeace/scenarios"
)

// Description is what the page's controls show of a scenario: its
// question, the events it plays (each can be switched off), the named
// mechanisms (each can be switched off) and the calibratable parameters as
// sliders over the ranges the sources allow, at the scenario's values.
type Description struct {
	Name       string   `json:"name"`
	Title      string   `json:"title"`
	Question   string   `json:"question"`
	Sources    string   `json:"sources"`
	Calendar   string   `json:"calendar"`
	Events     []Switch `json:"events"`
	Mechanisms []Switch `json:"mechanisms"`
	Parameters []Slider `json:"parameters"`
}

// Switch is an event or a mechanism the page can switch off: Path is the
// override that does it (events.kabul_falls.disabled=true).
type Switch struct {
	Path  string `json:"path"`
	Off   string `json:"off"` // the value that switches it off
	Date  string `json:"date,omitempty"`
	Label string `json:"label"`
	On    bool   `json:"on"`
}

// Slider is one calibratable parameter: its words, range and value.
type Slider struct {
	Path    string  `json:"path"`
	Meaning string  `json:"meaning"`
	Source  string  `json:"source"`
	Min     float64 `json:"min"`
	Max     float64 `json:"max"`
	Value   float64 `json:"value"`
	// Key marks the few parameters the page shows first: those the
	// teaching guide's questions turn on.
	Key bool `json:"key"`
}

// keyParameters are shown first, in this order.
var keyParameters = []string{
	"observers.russia.interests.taliban",
	"observers.russia.interests.troop_cost",
	"observers.afghanistan.interests.dependence",
	"parties.government.willingness.prospect",
	"parties.uto.willingness.pressure",
	"mechanisms.battlefield.mountain_factor",
	"mechanisms.leaders.summit_reach",
	"calendar.readiness",
}

// mechanisms are the switches of the named mechanisms, in words.
var mechanisms = []Switch{
	{Path: "mechanisms.pressure.enabled", Off: "false", Label: "Patrons arm, supply and press their clients"},
	{Path: "mechanisms.battlefield.enabled", Off: "false", Label: "The fighting moves the balance"},
	{Path: "mechanisms.leaders.enabled", Off: "false", Label: "Rahmonov and Nuri meet in person"},
	{Path: "mechanisms.track2.enabled", Off: "false", Label: "The Inter-Tajik Dialogue (Track II)"},
	{Path: "mechanisms.venue.enabled", Off: "false", Label: "The host state leans on the round"},
	{Path: "mediator.observers.enabled", Off: "false", Label: "UN military observers (UNMOT)"},
}

// Entry is a built-in scenario as the page's menus list it.
type Entry struct {
	Name     string `json:"name"`
	Title    string `json:"title"`
	Question string `json:"question"`
}

// Scenarios lists the built-in scenarios a page offers, read from their
// own files' title and question (every built-in file states both), without
// resolving them: a page starts in a moment, and describes the one chosen.
func Scenarios() ([]Entry, error) {
	var out []Entry
	for _, name := range scenarios.Builtin() {
		src, err := scenarios.BuiltinSource(name)
		if err != nil {
			return nil, err
		}
		var e Entry
		if err := yaml.Unmarshal(src, &e); err != nil {
			return nil, fmt.Errorf("scenario %s: %w", name, err)
		}
		e.Name = name
		out = append(out, e)
	}
	return out, nil
}

// Describe reads a built-in scenario with the page's overrides applied.
func Describe(name string, sets []string) (*Description, error) {
	if !slices.Contains(scenarios.Builtin(), name) {
		return nil, fmt.Errorf("scenario %q: expected a built-in scenario", name)
	}
	res, err := scenarios.Load(name, sets)
	if err != nil {
		return nil, fmt.Errorf("set: %w", err)
	}
	sc := res.Scenario
	d := &Description{Name: sc.Name, Title: sc.Title, Question: sc.Question, Sources: sc.Sources, Calendar: sc.Calendar.Mode}
	for _, e := range sc.Events {
		d.Events = append(d.Events, Switch{
			Path: "events." + e.ID + ".disabled", Off: "true",
			Date: e.Date.Format(time.DateOnly), Label: e.Label, On: !e.Disabled,
		})
	}
	slices.SortStableFunc(d.Events, func(a, b Switch) int { return strings.Compare(a.Date, b.Date) })
	values := scenarios.Values(res)
	for _, m := range mechanisms {
		v, ok := values[m.Path]
		if !ok {
			return nil, fmt.Errorf("%s: not a value of scenario %s", m.Path, name)
		}
		m.On = v == "true"
		d.Mechanisms = append(d.Mechanisms, m)
	}
	rows := paramtable.Rows()
	for _, key := range slices.Backward(keyParameters) {
		i := slices.IndexFunc(rows, func(r paramtable.Row) bool { return r.Path == key })
		if i < 0 {
			return nil, fmt.Errorf("%s: not in the calibratable table", key)
		}
		r := rows[i]
		rows = append([]paramtable.Row{r}, slices.Delete(rows, i, i+1)...)
	}
	for _, r := range rows {
		s, ok := values[r.Path]
		if !ok {
			return nil, fmt.Errorf("%s: not a value of scenario %s", r.Path, name)
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not a number", r.Path, s)
		}
		d.Parameters = append(d.Parameters, Slider{
			Path: r.Path, Meaning: r.Meaning, Source: r.Source, Min: r.Min, Max: r.Max,
			Value: v, Key: slices.Contains(keyParameters, r.Path),
		})
	}
	return d, nil
}
