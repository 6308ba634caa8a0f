package sim

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tajikpeace/tajikpeace/scenarios"
)

// Model is everything a run needs besides its seed: the scenario and the
// agents built from it (see package agents).
type Model struct {
	Scenario    *scenarios.Scenario
	Parties     []Party // government, opposition, then any others
	Observers   []Observer
	Mediator    Mediator
	Battlefield Battlefield
	// Table lists the parties at the negotiating table: the government and
	// the opposition first, then any other party admitted.
	Table []int
	// Init is the world at the start of the span; agents fill its parties
	// and observers from the scenario.
	Init World

	once sync.Once
	plan *plan
}

// plan is what every run of a model shares and never changes: the calendar,
// the events in the order they apply, and the layout of the milestones.
type plan struct {
	calendar []Meeting
	events   []scenarios.Event
	layout   *layout
}

// prepared computes the plan once; runs may ask concurrently.
func (m *Model) prepared() *plan {
	m.once.Do(func() {
		sc := m.Scenario
		p := &plan{calendar: Calendar(sc), layout: newLayout(sc)}
		for _, ev := range sc.Events {
			if !ev.Disabled {
				p.events = append(p.events, ev)
			}
		}
		// Same-day events apply in id order, so the order never depends on the file.
		slices.SortStableFunc(p.events, func(a, b scenarios.Event) int {
			if c := a.Date.Compare(b.Date.Time); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		m.plan = p
	})
	return m.plan
}

// Meeting is a round, consultation or leaders' meeting, from the calendar or
// convened by the mediator.
type Meeting struct {
	ID, Kind, Label, Venue string
	Host                   int // observer index, -1 if none
	Start, End             time.Time
	Endogenous             bool
}

// Trust between the delegations grows with each text signed and suffers
// each time hardliners undo what a delegation agreed.
const (
	trustFromSigning = 0.05
	trustLostToBlock = 0.02
)

// days is a span of whole days. All dates are UTC, where a day is always
// 24 hours, so this equals AddDate(0, 0, n) and costs far less.
func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// sittingInterval is how often a long round sits again.
const sittingInterval = 28 * 24 * time.Hour

// Options say what a run records beyond its milestones.
type Options struct {
	Log   bool // keep the readable event log
	Trace bool // keep per-step state
	// Player, if set, plays one warring party, one observer or the
	// mediator: its decisions replace the actor's rule's (see Player).
	Player Player
}

// Run plays one run of the model with the given master seed and run index.
func Run(m *Model, seed uint64, run int, opt Options) *Result {
	e := newEngine(m, seed, run, opt)
	e.loop()
	return e.res
}

type engine struct {
	m      *Model
	sc     *scenarios.Scenario
	w      World
	rng    streams
	res    *Result
	opt    Options
	events []scenarios.Event
	cal    []Meeting // the historical calendar, by start date

	nextEvent, nextCal int
	announcedStance    []int // sign of each observer's stance last logged
	announcedOffensive [2]bool
	lastSitting        time.Time
	sittingOf          int // 1 + calendar index of the meeting last sat
	// The observer a player plays (-1 if none), and the stance it set
	// until policyDue (or, with policyKeep, its rule's).
	playedObserver int
	policyDue      time.Time
	policy         float64
	policyKeep     bool
	// When the player playing the mediator is next asked whether to
	// convene while its rule would wait.
	conveneDue   time.Time
	lastHost     int
	blockedLast  bool
	calendarOver bool
	stuck        int // consecutive steps with nothing to table (see watchDeadEnd)
	barren       int // consecutive sittings at which nothing was signed
	signings     int // texts signed so far
	open         bool
	openKey      int // the state open was computed in

	// Scratch for the offer protocol, by table position, reused across offers.
	mood, est []float64
	resp      []Response
}

func newEngine(m *Model, seed uint64, run int, opt Options) *engine {
	sc := m.Scenario
	e := &engine{m: m, sc: sc, rng: newStreams(seed, run), opt: opt, lastHost: -1}
	e.w = m.Init
	e.w.Parties = slices.Clone(m.Init.Parties)
	e.w.Observers = slices.Clone(m.Init.Observers)
	e.w.Issues = make([]IssueState, len(sc.Agenda))
	e.w.Date = sc.Span.Start.Time
	e.w.StepWeeks = float64(sc.Span.StepDays) / 7
	pl := m.prepared()
	e.res = newResult(pl.layout, seed, run)
	e.res.PeaceTurns = make([]time.Time, len(sc.Observers))
	e.events = pl.events
	e.cal = pl.calendar // shared by all runs: meetings are only read
	e.announcedStance = make([]int, len(sc.Observers))
	e.mood = make([]float64, len(m.Table))
	e.est = make([]float64, len(m.Table))
	e.resp = make([]Response, len(m.Table))
	if sc.Calendar.Mode != scenarios.ModeHistorical {
		e.calendarOver = true
	}
	e.playedObserver = -1
	if opt.Player != nil && opt.Player.Observer() != "" {
		e.playedObserver = observerIndex(sc, opt.Player.Observer())
	}
	return e
}

func observerIndex(sc *scenarios.Scenario, id string) int {
	return slices.IndexFunc(sc.Observers, func(o scenarios.Observer) bool { return o.ID == id })
}

// loop is the whole schedule of a run. Each step: exogenous events arrive;
// observers weigh their interests and act (pressure); the parties choose
// their operations and the battlefield moves; the ceasefire is updated; the
// parties reassess; the mediator prepares; a meeting in session plays the
// offer protocol; the step is recorded.
func (e *engine) loop() {
	sc, w := e.sc, &e.w
	end := sc.Span.End.Time
	for ; !w.Date.After(end); w.Step++ {
		e.applyEvents()
		for i := range w.Parties {
			p := &w.Parties[i]
			p.SupportMilitary, p.SupportSupplies, p.PressureDiplomatic, p.PressureSupplyCut, p.Sanctuary = 0, 0, 0, 0, 0
		}
		if sc.Mechanisms.Pressure.Enabled {
			for i, o := range e.m.Observers {
				// Once joined, an observer stays: the date only moves on.
				w.Observers[i].Active = w.Observers[i].Active || !w.Date.Before(sc.Observers[i].Joins.Time)
				if w.Observers[i].Active {
					o.Assess(w, i)
					if i == e.playedObserver {
						e.playPolicy(i)
					}
				}
			}
			for i, o := range e.m.Observers {
				if w.Observers[i].Active {
					o.Act(w, i)
				}
			}
		}
		e.narrateStances()
		for i, p := range e.m.Parties {
			w.Parties[i].Ops = p.Fight(w, i)
		}
		e.narrateOffensives()
		e.markTurns()
		if sc.Mechanisms.Battlefield.Enabled {
			e.m.Battlefield.Step(w, e.rng.battle)
		}
		e.updateCeasefire()
		for i, p := range e.m.Parties {
			p.Assess(w, i)
		}
		e.m.Mediator.Prepare(w, e.rng.mediator)
		e.meet()
		e.watchDeadEnd()
		if e.opt.Trace {
			e.res.observe(w, e.m)
		}
		w.Date = w.Date.Add(days(sc.Span.StepDays))
	}
	e.res.finish(w)
}

func (e *engine) applyEvents() {
	w := &e.w
	stepEnd := w.Date.Add(days(e.sc.Span.StepDays))
	for e.nextEvent < len(e.events) && e.events[e.nextEvent].Date.Before(stepEnd) {
		ev := e.events[e.nextEvent]
		e.nextEvent++
		switch ev.Kind {
		case "taliban_advance":
			w.Taliban = max(w.Taliban, ev.Magnitude)
		case "border_attack":
			w.BorderCost = min(1, w.BorderCost+ev.Magnitude)
		case "peacekeepers":
			w.Peacekeepers = ev.Magnitude
		}
		if e.opt.Log {
			e.logf(ev.Date.Time, "", "event: %s", ev.Label)
		}
	}
}

func boolBit(b bool) int {
	if b {
		return 1
	}
	return 0
}

func cond(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
