package patterns

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/tajikpeace/tajikpeace/history"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/summary"
)

// Cap bounds each pattern's error (in its unit), so that one pattern far
// off cannot drown the rest, and a pattern never reproduced counts as the
// cap.
const Cap = 4.0

// Units and weights of the patterns (docs/model.md, section 13). A dated
// milestone's error is counted in quarters of a year (the fit bars are
// three months); a share of runs in fifths; a term in 15% of its value
// (5 points for the UTO's 30% of posts); a window's in quarters from its
// nearer edge.
const (
	DayUnit   = 91.0
	ShareUnit = 0.2
	TermUnit  = 0.15 // of the target value, at least MinTermUnit
	// MinTermUnit keeps a term near zero from dividing by nothing.
	MinTermUnit = 0.05

	MilestoneWeight = 1.0 // each dated milestone
	OrderWeight     = 4.0 // the historical order, as a whole
	TermWeight      = 1.0 // each agreed term
	CollapseWeight  = 1.0 // collapse, then restoration
	WindowWeight    = 1.0 // each pattern stated in words
)

// The names of the patterns that are not a milestone, a term or a window
// (Breakdown.Pattern; what --weight names).
const (
	OrderPattern    = "historical_order"
	CollapsePattern = "collapse_then_restored"
)

// notBeforeName is the pattern that a milestone not yet reached by a
// cut-off date must come after it (see Until).
func notBeforeName(id string) string { return "not_before:" + id }

// Window is a pattern the sources state in words: the median date on which
// the runs show it should fall between From and To (day numbers since
// 1970-01-01, as everywhere here).
type Window struct {
	Name     string
	From, To float64
	Source   string
	// Read returns the date the run shows the pattern, zero if never.
	Read func(sc *scenarios.Scenario, r *sim.Result) time.Time
}

// Target is what a calibration fits. A NaN share, or a nil map, leaves that
// pattern out.
type Target struct {
	Name string
	// Milestones maps a milestone id to its target day number.
	Milestones map[string]float64
	// InOrder is the share of runs whose milestones come in the historical
	// order (history itself: 1).
	InOrder float64
	// CollapseRestored is the share of runs in which the ceasefire
	// collapses and is then restored (history: 1).
	CollapseRestored float64
	// Terms maps a term id to its agreed value.
	Terms   map[string]float64
	Windows []Window
	// OrderUntil, if set (a day number), counts the historical order only
	// among the milestones dated up to it (see Until).
	OrderUntil float64
	// NotBefore maps a milestone id to a day its median must come after:
	// what was known on a cut-off date includes what had not happened yet
	// (see Until).
	NotBefore map[string]float64
	// Weights, if set, replace the documented weight of the patterns they
	// name (a calibration's --weight; see WithWeights).
	Weights map[string]float64
}

// WithWeights returns the target with the weights of the named patterns
// replaced (pattern name to weight, as Breakdown names them). A name the
// target has no pattern for, or a weight that is not a finite number of
// zero or more, is an error that lists the names it has.
func (t Target) WithWeights(w map[string]float64) (Target, error) {
	if len(w) == 0 {
		return t, nil
	}
	known := t.PatternNames()
	for _, name := range slices.Sorted(maps.Keys(w)) {
		if !slices.Contains(known, name) {
			return t, fmt.Errorf("no pattern %q in the distance to %s; expected one of %s", name, t.Name, strings.Join(known, ", "))
		}
		if x := w[name]; !(x >= 0) || math.IsInf(x, 1) {
			return t, fmt.Errorf("pattern %q: weight %v, expected a finite number of zero or more", name, x)
		}
	}
	t.Weights = maps.Clone(w)
	return t, nil
}

// PatternNames lists the patterns the target can count, as Breakdown names
// them (every one under All).
func (t Target) PatternNames() []string {
	var names []string
	names = append(names, slices.Sorted(maps.Keys(t.Milestones))...)
	for _, id := range slices.Sorted(maps.Keys(t.NotBefore)) {
		names = append(names, notBeforeName(id))
	}
	names = append(names, slices.Sorted(maps.Keys(t.Terms))...)
	if !math.IsNaN(t.InOrder) {
		names = append(names, OrderPattern)
	}
	if !math.IsNaN(t.CollapseRestored) {
		names = append(names, CollapsePattern)
	}
	for _, w := range t.Windows {
		names = append(names, w.Name)
	}
	return names
}

// weight is the pattern's weight: its override, or the documented one.
func (t Target) weight(name string, documented float64) float64 {
	if w, ok := t.Weights[name]; ok {
		return w
	}
	return documented
}

// UntilDate is Until for a date written YYYY-MM-DD (a command's
// --fit-until), against the historical record; an error if the date is
// malformed or no target milestone is dated by then.
func (t Target) UntilDate(date string) (Target, error) {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return Target{}, fmt.Errorf("--fit-until %q: expected a date YYYY-MM-DD", date)
	}
	hist, err := history.Load()
	if err != nil {
		return Target{}, err
	}
	out := t.Until(float64(d.Unix()/86400), hist)
	if len(out.Milestones) == 0 {
		return Target{}, fmt.Errorf("--fit-until %s: no target milestone is dated by then", date)
	}
	return out, nil
}

// Until restricts the target to what was known on day (a day number): the
// milestones dated up to it, the order among them, that the later ones had
// not happened yet (their medians must come after the cut-off), and the
// patterns stated in words whose window opens by then; the terms (agreed in
// 1997) and the collapse (1996) go if they come later. A forecast fitted so can be scored
// on what it was not fitted to.
func (t Target) Until(cutoff float64, hist *history.Sequence) Target {
	out := Target{Name: t.Name, InOrder: t.InOrder, CollapseRestored: t.CollapseRestored, OrderUntil: cutoff,
		Milestones: map[string]float64{}, Terms: map[string]float64{}, NotBefore: map[string]float64{}, Weights: t.Weights}
	for id, d := range t.Milestones {
		if d <= cutoff {
			out.Milestones[id] = d
		} else {
			// Not yet happened on the cut-off date: that much was known.
			out.NotBefore[id] = cutoff
		}
	}
	if c, ok := t.Milestones[sim.Collapse]; !ok || c > cutoff {
		out.CollapseRestored = math.NaN()
	}
	for id, v := range t.Terms {
		if m, ok := hist.Milestone(termIssue(id)); ok && !m.Date.IsZero() && day(m.Date) <= cutoff {
			out.Terms[id] = v
		}
	}
	for _, w := range t.Windows {
		if w.From <= cutoff {
			out.Windows = append(out.Windows, w)
		}
	}
	return out
}

// termIssue names the text a historical term was agreed in.
func termIssue(id string) string {
	switch id {
	case "cnr_members":
		return "cnr_protocol"
	}
	return "political"
}

// Key describes the target in full and in a stable form (a checkpoint's key
// is built from it).
func (t Target) Key() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%v|%v|%v|%v|%v|%v|", t.Name, t.Milestones, t.Terms, t.InOrder, t.CollapseRestored, t.OrderUntil, t.NotBefore)
	for _, w := range t.Windows {
		fmt.Fprintf(&b, "%s:%v:%v|", w.Name, w.From, w.To)
	}
	if len(t.Weights) > 0 {
		fmt.Fprintf(&b, "weights:%v|", t.Weights) // fmt prints a map in key order
	}
	return b.String()
}

// Selection names the patterns a distance counts.
type Selection struct {
	Milestones, Order, Terms, Collapse, Windows bool
	// OnlyTerm, if set, counts that term alone (the milestone distance of
	// rejection ABC counts the UTO's share of posts only).
	OnlyTerm string
}

// All counts every pattern.
var All = Selection{Milestones: true, Order: true, Terms: true, Collapse: true, Windows: true}

// MilestonesAndShare is the distance rejection ABC has always used: the
// dated milestones and the UTO's share of posts, unit weights.
var MilestonesAndShare = Selection{Milestones: true, Terms: true, OnlyTerm: "uto_share_posts"}

// day is a date's day number.
func day(t time.Time) float64 { return float64(t.Unix() / 86400) }

// russiaTurn and utoOffensive are the patterns stated in words.
func russiaTurn(sc *scenarios.Scenario, r *sim.Result) time.Time {
	for i, o := range sc.Observers {
		if o.ID == "russia" && i < len(r.PeaceTurns) {
			return r.PeaceTurns[i]
		}
	}
	return time.Time{}
}

func utoOffensive(_ *scenarios.Scenario, r *sim.Result) time.Time { return r.Offensives[sim.UTO] }

func date(y int, m time.Month, d int) float64 { return day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) }

// HistoricalWindows are the patterns the sources state in words.
func HistoricalWindows() []Window {
	return []Window{
		{Name: "russia_turns_to_peace", From: date(1993, 7, 1), To: date(1994, 12, 31), Read: russiaTurn,
			Source: "003 Stage II: 'the first signs of the shift were noticeable as early as 1993'; 004 Chapter 1: Russia 'in early 1994 realized that conflict should have political resettlement'"},
		{Name: "uto_offensive_in_ceasefire", From: date(1996, 1, 1), To: date(1996, 7, 15), Read: utoOffensive,
			Source: "002 General Agreement and Expansion of UNMOT: 'Early in 1996, the opposition launched an offensive in the Tavildara region and, by July 1996, the ceasefire had all but collapsed'"},
	}
}

// History is the historical record as a target: every dated milestone, the
// order (1), the collapse and restoration (1), the agreed terms, and the
// patterns stated in words.
func History() (Target, error) {
	hist, err := history.Load()
	if err != nil {
		return Target{}, err
	}
	t := Target{Name: "history", Milestones: map[string]float64{}, Terms: map[string]float64{}, InOrder: 1, CollapseRestored: 1,
		Windows: HistoricalWindows()}
	for _, m := range hist.Milestones {
		if !m.Date.IsZero() {
			t.Milestones[m.ID] = day(m.Date)
		}
	}
	for _, term := range hist.Terms {
		t.Terms[term.ID] = term.Value
	}
	return t, nil
}

// FromResults is the target a saved ensemble makes (a synthetic history
// whose parameters are known): the median of each milestone reached in at
// least half the runs, the shares in order and with a collapse restored, the
// median of each term, and, for each historical window, the median date
// (as a window of one day).
func FromResults(name string, sc *scenarios.Scenario, results []*sim.Result) (Target, error) {
	hist, err := history.Load()
	if err != nil {
		return Target{}, err
	}
	t := Target{Name: name, Milestones: map[string]float64{}, Terms: map[string]float64{}}
	for _, id := range sim.MilestoneIDs(sc) {
		if d := MedianDay(results, id); !math.IsInf(d, 1) {
			t.Milestones[id] = d
		}
	}
	if len(t.Milestones) == 0 {
		return Target{}, fmt.Errorf("%s: no milestone was reached in half its runs", name)
	}
	t.InOrder = orderShare(results, hist, 0)
	t.CollapseRestored = collapseShare(results)
	for _, id := range termIDs(sc) {
		if v, ok := medianTerm(sc, results, id); ok {
			t.Terms[id] = v
		}
	}
	for _, w := range HistoricalWindows() {
		if d := medianOf(results, func(r *sim.Result) time.Time { return w.Read(sc, r) }); !math.IsInf(d, 1) {
			w.From, w.To = d, d
			t.Windows = append(t.Windows, w)
		}
	}
	return t, nil
}

// Breakdown is one pattern's contribution to a distance.
type Breakdown struct {
	Pattern string
	Error   float64 // in the pattern's unit, capped
	Weight  float64
}

// Distance is the weighted root mean square of the selected patterns'
// errors between the runs and the target, and the number of dated
// milestones whose median was never reached (counted at the cap).
func (t Target) Distance(sel Selection, sc *scenarios.Scenario, results []*sim.Result) (float64, int, []Breakdown) {
	var parts []Breakdown
	add := func(name string, e, w float64) {
		parts = append(parts, Breakdown{Pattern: name, Error: min(Cap, e), Weight: t.weight(name, w)})
	}
	censored := 0
	if sel.Milestones {
		for _, id := range slices.Sorted(maps.Keys(t.Milestones)) {
			med := MedianDay(results, id)
			if math.IsInf(med, 1) {
				censored++
				add(id, Cap, MilestoneWeight)
				continue
			}
			add(id, math.Abs(med-t.Milestones[id])/DayUnit, MilestoneWeight)
		}
	}
	if sel.Milestones {
		for _, id := range slices.Sorted(maps.Keys(t.NotBefore)) {
			// A median on or before the day is early by that much; never
			// reached in half the runs, or later, is no error.
			e := 0.0
			if med := MedianDay(results, id); med <= t.NotBefore[id] {
				e = (t.NotBefore[id] - med) / DayUnit
			}
			add(notBeforeName(id), e, MilestoneWeight)
		}
	}
	if sel.Terms {
		for _, id := range slices.Sorted(maps.Keys(t.Terms)) {
			if sel.OnlyTerm != "" && id != sel.OnlyTerm {
				continue
			}
			target := t.Terms[id]
			unit := max(MinTermUnit, TermUnit*math.Abs(target))
			v, ok := medianTerm(sc, results, id)
			if !ok {
				add(id, Cap, TermWeight)
				continue
			}
			add(id, math.Abs(v-target)/unit, TermWeight)
		}
	}
	if sel.Order && !math.IsNaN(t.InOrder) {
		if hist, err := history.Load(); err == nil {
			add(OrderPattern, math.Abs(orderShare(results, hist, t.OrderUntil)-t.InOrder)/ShareUnit, OrderWeight)
		}
	}
	if sel.Collapse && !math.IsNaN(t.CollapseRestored) {
		add(CollapsePattern, math.Abs(collapseShare(results)-t.CollapseRestored)/ShareUnit, CollapseWeight)
	}
	if sel.Windows {
		for _, w := range t.Windows {
			med := medianOf(results, func(r *sim.Result) time.Time { return w.Read(sc, r) })
			e := Cap
			switch {
			case math.IsInf(med, 1):
			case med < w.From:
				e = (w.From - med) / DayUnit
			case med > w.To:
				e = (med - w.To) / DayUnit
			default:
				e = 0
			}
			add(w.Name, e, WindowWeight)
		}
	}
	sum, weights := 0.0, 0.0
	for _, p := range parts {
		sum += float64(p.Weight * p.Error * p.Error) // no fused multiply-add (internal/detmath)
		weights += p.Weight
	}
	if weights == 0 {
		return 0, censored, parts
	}
	return math.Sqrt(sum / weights), censored, parts
}

// MedianDay is the (lower) median of the day numbers on which the runs
// reached milestone id, a run that never reached it counting as +Inf: so it
// is +Inf when fewer than half the runs reached it.
func MedianDay(results []*sim.Result, id string) float64 {
	return medianOf(results, func(r *sim.Result) time.Time {
		if m, ok := r.Milestone(id); ok && m.Reached {
			return m.Date
		}
		return time.Time{}
	})
}

// medianOf is the lower median of the dates read from each run (zero: never,
// counted as +Inf).
func medianOf(results []*sim.Result, read func(*sim.Result) time.Time) float64 {
	if len(results) == 0 {
		return math.Inf(1)
	}
	days := make([]float64, len(results))
	for i, r := range results {
		days[i] = math.Inf(1)
		if d := read(r); !d.IsZero() {
			days[i] = day(d)
		}
	}
	slices.Sort(days)
	return days[(len(days)-1)/2]
}

// orderShare is the share of runs whose reached milestones come in the
// historical order; with until > 0, among the milestones history dates up to
// that day.
func orderShare(results []*sim.Result, hist *history.Sequence, until float64) float64 {
	n := 0
	for _, r := range results {
		ok := false
		if until > 0 {
			ok = inOrderUntil(r, hist, until)
		} else {
			ok = summary.InHistoricalOrder(r, hist)
		}
		if ok {
			n++
		}
	}
	return float64(n) / float64(max(1, len(results)))
}

func inOrderUntil(r *sim.Result, hist *history.Sequence, until float64) bool {
	known := func(m sim.Milestone) (time.Time, bool) {
		h, ok := hist.Milestone(m.ID)
		return h.Date, m.Reached && ok && !h.Date.IsZero() && day(h.Date) <= until
	}
	for _, a := range r.Milestones {
		ha, ok := known(a)
		if !ok {
			continue
		}
		for _, b := range r.Milestones {
			if hb, ok := known(b); ok && ha.Before(hb) && a.Date.After(b.Date) {
				return false
			}
		}
	}
	return true
}

func collapseShare(results []*sim.Result) float64 {
	n := 0
	for _, r := range results {
		c, ok1 := r.Milestone(sim.Collapse)
		s, ok2 := r.Milestone(Restored)
		if ok1 && ok2 && c.Reached && s.Reached && !s.Date.Before(c.Date) {
			n++
		}
	}
	return float64(n) / float64(max(1, len(results)))
}

// Restored is the milestone of the restored ceasefire.
const Restored = "ceasefire_restored"

// termIDs lists the scenario's agreed terms in agenda order.
func termIDs(sc *scenarios.Scenario) []string {
	var ids []string
	for _, is := range sc.Agenda {
		for _, t := range is.Terms {
			ids = append(ids, t.ID)
		}
	}
	return ids
}

// medianTerm is the lower median of term id over the runs that signed the
// text it belongs to; false if none did.
func medianTerm(sc *scenarios.Scenario, results []*sim.Result, id string) (float64, bool) {
	for _, is := range sc.Agenda {
		for k, t := range is.Terms {
			if t.ID != id {
				continue
			}
			var xs []float64
			for _, r := range results {
				if m, ok := r.Milestone(is.ID); ok && m.Reached && k < len(m.Terms) {
					xs = append(xs, m.Terms[k])
				}
			}
			if len(xs) == 0 {
				return 0, false
			}
			slices.Sort(xs)
			return xs[(len(xs)-1)/2], true
		}
	}
	return 0, false
}
