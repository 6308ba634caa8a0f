package sim

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tajikpeace/tajikpeace/internal/detmath"
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

// barrenSittings is how many sittings in a row may end without a signed
// text before the envoy, convening, calls the leaders rather than the
// delegations (003 "Domestic Factors": concessions came from the leaders'
// personal will; 004 Chapter II: after the Fundamental Principles, talks
// moved to "closed conferences of the leaders").
const barrenSittings = 2

// extensionWillingness is the willingness both sides need to extend a
// ceasefire about to lapse.
const extensionWillingness = 0.15

// days is a span of whole days. All dates are UTC, where a day is always
// 24 hours, so this equals AddDate(0, 0, n) and costs far less.
func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// sittingInterval is how often a long round sits again.
const sittingInterval = 28 * 24 * time.Hour

// Options say what a run records beyond its milestones.
type Options struct {
	Log   bool // keep the readable event log
	Trace bool // keep per-step state
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
	lastHost           int
	blockedLast        bool
	calendarOver       bool
	stuck              int // consecutive steps with nothing to table (see watchDeadEnd)
	barren             int // consecutive sittings at which nothing was signed
	signings           int // texts signed so far
	open               bool
	openKey            int // the state open was computed in

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
	return e
}

// Calendar lists the scheduled meetings that take place in this scenario,
// in order, as the engine holds them: a leaders' meeting is a delegations'
// round when the leaders' mechanism is off. (Under the endogenous calendar
// the engine holds none of them.)
func Calendar(sc *scenarios.Scenario) []Meeting {
	var out []Meeting
	for _, mt := range sc.Calendar.Meetings {
		if mt.Disabled {
			continue
		}
		kind, label := mt.Kind, mt.Label
		if kind == scenarios.KindLeaders && !sc.Mechanisms.Leaders.Enabled {
			// Without leaders' meetings the delegations still meet on those
			// dates: the mechanism is what the heads bring, not the meeting.
			kind, label = scenarios.KindRound, "Delegations' meeting"
		}
		out = append(out, Meeting{ID: mt.ID, Kind: kind, Label: label, Venue: mt.Venue,
			Host: observerIndex(sc, mt.Host), Start: mt.Start.Time, End: mt.End.Time})
	}
	slices.SortStableFunc(out, func(a, b Meeting) int { return a.Start.Compare(b.Start) })
	return out
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
				w.Observers[i].Active = !w.Date.Before(sc.Observers[i].Joins.Time)
				if w.Observers[i].Active {
					o.Assess(w, i)
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

// stanceNoise is how far a stance must cross zero before the log reports a
// turn, so that a stance hovering near zero is not reported every week.
const stanceNoise = 0.1

// narrateStances logs an observer's turn between arming its client and
// pressing for peace. It only reads the world.
func (e *engine) narrateStances() {
	if !e.opt.Log {
		return
	}
	for i := range e.w.Observers {
		o := &e.w.Observers[i]
		spec := e.sc.Observers[i]
		switch {
		case o.Active && o.Stance > stanceNoise && e.announcedStance[i] <= 0:
			switch {
			case e.announcedStance[i] < 0:
				e.logf(e.w.Date, "", "%s turns from backing %s to pressing for peace", spec.Name, clientName(e.sc, spec.Client))
			default:
				e.logf(e.w.Date, "", "%s presses the parties for peace", spec.Name)
			}
			e.announcedStance[i] = 1
		case o.Active && o.Stance < -stanceNoise && e.announcedStance[i] >= 0 && spec.Client != "":
			e.announcedStance[i] = -1
			e.logf(e.w.Date, "", "%s backs %s in the war", spec.Name, clientName(e.sc, spec.Client))
		}
	}
}

// markTurns records the first date each observer pressed for peace and each
// party broke a ceasefire in force (Result.PeaceTurns, Result.Offensives),
// by the same tests as the log's narration. It only reads the world.
func (e *engine) markTurns() {
	for i := range e.w.Observers {
		if o := &e.w.Observers[i]; o.Active && o.Stance > stanceNoise && e.res.PeaceTurns[i].IsZero() {
			e.res.PeaceTurns[i] = e.w.Date
		}
	}
	threshold := e.sc.Mechanisms.Battlefield.OffensiveThreshold
	for i := Gov; i <= UTO; i++ {
		if e.w.Ceasefire.InForce && e.w.Parties[i].Ops >= threshold && e.res.Offensives[i].IsZero() {
			e.res.Offensives[i] = e.w.Date
		}
	}
}

// narrateOffensives logs a party's leadership breaking a ceasefire in force
// with an offensive of its own.
func (e *engine) narrateOffensives() {
	if !e.opt.Log {
		return
	}
	threshold := e.sc.Mechanisms.Battlefield.OffensiveThreshold
	for i := Gov; i <= UTO; i++ {
		on := e.w.Ceasefire.InForce && e.w.Parties[i].Ops >= threshold
		if on && !e.announcedOffensive[i] {
			e.logf(e.w.Date, "", "the %s launches an offensive in breach of the ceasefire", e.sc.Parties[i].Name)
		}
		e.announcedOffensive[i] = on
	}
}

func clientName(sc *scenarios.Scenario, id string) string {
	for _, p := range sc.Parties {
		if p.ID == id {
			return "the " + p.Name
		}
	}
	return id
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

// updateCeasefire brings a signed ceasefire into force once observers are
// deployed, extends it before it lapses, and records a collapse when
// unresolved violations pile up past the threshold or it lapses unextended.
func (e *engine) updateCeasefire() {
	w, b := &e.w, e.sc.Mechanisms.Battlefield
	cf := &w.Ceasefire
	if cf.Signed && !cf.InForce && !cf.Collapsed && !w.Date.Before(w.ObserversDue) {
		cf.InForce = true
		cf.Expires = w.Date.Add(days(7 * b.CeasefireWeeks))
		if e.sc.Mediator.Observers.Enabled {
			w.ObserversDeployed = true
		}
		e.res.Reach(InForce, w.Date, "", math.NaN(), 0)
		if e.opt.Log {
			e.logf(w.Date, "", "the ceasefire enters into force%s", cond(w.ObserversDeployed, " as UN military observers deploy", ""))
		}
	}
	// The envoy arranges an extension before it lapses if both sides are
	// still willing (the parties extended the Tehran Agreement, 002).
	if cf.InForce && w.WeeksTo(cf.Expires) < 4 &&
		w.Parties[Gov].Willingness > extensionWillingness && w.Parties[UTO].Willingness > extensionWillingness {
		cf.Expires = cf.Expires.Add(days(7 * b.CeasefireWeeks))
		if e.opt.Log {
			e.logf(w.Date, "", "the ceasefire is extended to %s", cf.Expires.Format(time.DateOnly))
		}
	}
	if cf.InForce && (cf.Tension >= b.CollapseTension || cf.BrokenBy > 0 || w.Date.After(cf.Expires)) {
		why := "violations pile up unresolved"
		switch {
		case cf.BrokenBy > 0:
			why = "an offensive by " + e.sc.Parties[cf.BrokenBy-1].ID + " breaks it"
		case w.Date.After(cf.Expires):
			why = "it lapses without extension"
		}
		cf.InForce, cf.Collapsed = false, true
		e.res.Reach(Collapse, w.Date, "", math.NaN(), 0)
		if e.opt.Log {
			e.logf(w.Date, "", "the ceasefire collapses: %s", why)
		}
	}
}

// meet finds the meeting in session this step, from the calendar or, once
// the calendar is over (or in endogenous mode), convened by the mediator.
func (e *engine) meet() {
	w := &e.w
	stepEnd := w.Date.Add(days(e.sc.Span.StepDays))
	w.Meeting = nil
	w.NextMeeting = time.Time{}
	if !e.calendarOver {
		for e.nextCal < len(e.cal) && e.cal[e.nextCal].End.Before(w.Date) {
			e.nextCal++
		}
		if e.nextCal == len(e.cal) {
			e.calendarOver = true
		} else {
			mt := &e.cal[e.nextCal]
			w.NextMeeting = mt.Start
			if mt.Start.Before(stepEnd) {
				// A meeting sits once; a long round sits again every four weeks.
				if e.sittingOf != e.nextCal+1 || w.Date.Sub(e.lastSitting) >= sittingInterval {
					e.sittingOf = e.nextCal + 1
					e.lastSitting = maxTime(mt.Start, w.Date)
					w.Meeting = mt
					e.negotiate(mt, e.lastSitting)
					w.LastMeetingEnd = mt.End
				}
				if mt.End.Before(stepEnd) {
					e.nextCal++
				}
			}
			return
		}
	}
	c := e.sc.Calendar
	if !c.StartAfter.IsZero() && w.Date.Before(c.StartAfter.Time) {
		return
	}
	if !w.LastMeetingEnd.IsZero() && w.WeeksTo(w.LastMeetingEnd) > -float64(c.GapWeeks) {
		return
	}
	ready, why := e.m.Mediator.Ready(w)
	if !ready {
		return
	}
	host := e.m.Mediator.Host(w, e.lastHost)
	kind := scenarios.KindRound
	// The envoy brings the leaders in when hardliners blocked a text, when
	// the ceasefire has collapsed, or when the delegations have come away
	// empty-handed from barrenSittings sittings in a row.
	if (e.blockedLast || why == ConveneCrisis || e.barren >= barrenSittings) && e.sc.Mechanisms.Leaders.Enabled {
		kind = scenarios.KindLeaders
	}
	mt := &Meeting{ID: fmt.Sprintf("endogenous-%d", w.Step), Kind: kind, Host: host,
		Start: w.Date, End: w.Date.Add(days(7 * c.RoundWeeks)), Endogenous: true}
	if host >= 0 {
		mt.Venue = e.sc.Observers[host].Name
	}
	e.lastHost = host
	w.Meeting = mt
	if e.opt.Log {
		e.logf(w.Date, mt.Venue, "the envoy convenes a %s: %s", describe(mt), why)
	}
	e.negotiate(mt, w.Date)
	w.LastMeetingEnd = mt.End
}

// negotiate plays one sitting of a meeting: attendance, then the offer
// protocol on each text the mediator tables. A text signed early in the
// meeting can open the way to another, which the mediator then tables.
func (e *engine) negotiate(mt *Meeting, date time.Time) {
	w, sc := &e.w, e.sc
	hostClient := -1
	if mt.Host >= 0 && sc.Mechanisms.Venue.Enabled {
		hostClient = e.m.Observers[mt.Host].Client()
	}
	for _, i := range e.m.Table {
		if sc.Mechanisms.Venue.Enabled && !e.m.Parties[i].Attends(w, i, hostClient, e.rng.venue) {
			if e.opt.Log {
				e.logf(date, mt.Venue, "%s stays away from the %s", sc.Parties[i].Name, describe(mt))
			}
			return
		}
	}
	if w.LastSigned.IsZero() {
		w.LastSigned = date // a deadlock is counted from the first meeting
	}
	w.Knowledge += float64(sc.Mediator.RoundGain * (1 - w.Knowledge))
	capacity := sc.Mechanisms.Sequencing.IssuesPerRound
	if mt.Kind == scenarios.KindLeaders {
		capacity = sc.Mechanisms.Sequencing.IssuesPerMeeting
	}
	w.Sitting++
	items := e.m.Mediator.Table(w, capacity, e.rng.mediator)
	if len(items) == 0 {
		if e.opt.Log {
			e.logf(date, mt.Venue, "%s: no text is ready to table", describe(mt))
		}
		return
	}
	e.blockedLast = false
	// The texts are taken up one after another, each in its share of the
	// sitting's days. A sitting of a long round lasts until the next one.
	end := mt.End
	if next := date.Add(sittingInterval - 24*time.Hour); next.Before(end) {
		end = next
	}
	span := end.Sub(date)
	slot := func(k int) time.Time { return date.Add(span * time.Duration(k) / time.Duration(capacity)) }
	signed := false
	for k := 0; k < capacity && len(items) > 0; k++ {
		is := items[0]
		w.Issues[is].TabledAt = w.Sitting
		if e.offer(mt, slot(k), slot(k+1), is, hostClient) {
			signed = true
			// Re-read the agenda: the signed text may open another.
			items = e.m.Mediator.Table(w, capacity-k-1, e.rng.mediator)
		} else {
			items = items[1:]
		}
	}
	if signed {
		e.barren = 0
	} else {
		e.barren++
	}
}

// offer is the offer protocol on one text: the drafter tables a text, each
// delegation at the table accepts, asks for amendments or rejects; the
// drafter redrafts up to drafts_per_round times; a text all accept goes to
// the hardliners and, if they let it stand, is signed.
func (e *engine) offer(mt *Meeting, date, until time.Time, issue, hostClient int) bool {
	w, sc := &e.w, e.sc
	off := sc.Mechanisms.Offer
	r := e.rng.negotiate
	name := sc.Agenda[issue].Name
	table := e.m.Table
	mood, est, resp := e.mood, e.est, e.resp
	for k := range mood {
		mood[k] = detmath.Exp(detmath.NormFloat64(r) * off.MoodNoise)
		est[k] = 0
	}
	for d := 0; d < off.DraftsPerRound; d++ {
		var x float64
		if off.Drafter == scenarios.DrafterUN {
			x = e.m.Mediator.Draft(w, issue, est, hostClient, e.rng.mediator)
		} else {
			drafter := table[(w.Issues[issue].Attempts+d)%len(table)]
			x = e.m.Parties[drafter].Propose(w, drafter, issue, w.Issues[issue].Attempts)
			// Debating one side's own draft costs goodwill (Goryayev, c).
			w.Trust = max(0, w.Trust-off.PolemicCost)
		}
		w.Issues[issue].Attempts++
		all := true
		for k, i := range table {
			resp[k] = e.m.Parties[i].Respond(w, i, issue, x, mood[k], r)
			all = all && resp[k] == Accept
		}
		if all {
			for _, i := range table {
				if !e.m.Parties[i].Ratify(w, i, issue, x, mt.Kind == scenarios.KindLeaders, r) {
					if e.opt.Log {
						e.logf(date, mt.Venue, "%s: hardliners of the %s block the text on %s", describe(mt), sc.Parties[i].Name, name)
					}
					w.Trust = max(0, w.Trust-trustLostToBlock)
					e.blockedLast = true
					return false
				}
			}
			span := until.Sub(date)
			when := date.Add(time.Duration(float64(span) * float64(d+1) / float64(off.DraftsPerRound)))
			e.sign(mt, when, issue, x)
			return true
		}
		if off.Drafter == scenarios.DrafterUN {
			e.m.Mediator.Learn(w, issue, x, resp, est)
		}
	}
	if e.opt.Log {
		e.logf(date, mt.Venue, "%s: no agreement on %s", describe(mt), name)
	}
	return false
}

// watchDeadEnd measures the longest stretch of steps during which texts
// remained unsigned but none could be tabled: a run stuck there could never
// finish, whatever the parties wanted.
//
// Whether a text can be tabled changes only when a text is signed or the
// ceasefire changes state (the mediator's knowledge, which gates some texts,
// only grows), so a known "open" is kept until one of those happens.
func (e *engine) watchDeadEnd() {
	w := &e.w
	key := e.signings<<2 | boolBit(w.Ceasefire.Collapsed)<<1 | boolBit(w.Ceasefire.InForce)
	if !e.open || key != e.openKey {
		e.open, e.openKey = e.m.Mediator.Open(w) || e.allSigned(), key
	}
	if !e.open {
		e.stuck++
		e.res.DeadEndSteps = max(e.res.DeadEndSteps, e.stuck)
		return
	}
	e.stuck = 0
}

func boolBit(b bool) int {
	if b {
		return 1
	}
	return 0
}

// allSigned reports whether every text that can still matter is signed:
// the restoring text is wanted only after a collapse (and is tableable
// then), so a run that never needed it is finished, not stuck.
func (e *engine) allSigned() bool {
	for i, is := range e.w.Issues {
		if !is.Signed && e.sc.Agenda[i].Effect != scenarios.EffectRestoreCeasefire {
			return false
		}
	}
	return true
}

// sign records a signed text and applies what it does to the world.
func (e *engine) sign(mt *Meeting, when time.Time, issue int, x float64) {
	w, sc := &e.w, e.sc
	is := &w.Issues[issue]
	is.Signed, is.Date, is.Point, is.Venue = true, when, x, mt.Venue
	e.signings++
	w.Trust = min(1, w.Trust+trustFromSigning)
	w.LastSigned = when
	spec := sc.Agenda[issue]
	switch spec.Effect {
	case scenarios.EffectCeasefire:
		w.Ceasefire.Signed = true
		w.ObserversDue = when
		if sc.Mediator.Observers.Enabled {
			w.ObserversDue = when.Add(days(7 * sc.Mediator.Observers.DeployWeeks))
		}
	case scenarios.EffectRestoreCeasefire:
		cf := &w.Ceasefire
		cf.Collapsed, cf.InForce, cf.Tension, cf.BrokenBy = false, true, 0, 0
		cf.Expires = when.Add(days(7 * sc.Mechanisms.Battlefield.CeasefireWeeks))
	}
	e.res.Reach(spec.ID, when, mt.Venue, x, is.Attempts)
	if e.opt.Log {
		var terms []string
		for _, t := range spec.Terms {
			terms = append(terms, fmt.Sprintf("%s %s", formatTerm(TermValue(t, x)), t.Unit))
		}
		detail := ""
		if len(terms) > 0 {
			detail = " (" + strings.Join(terms, ", ") + ")"
		}
		drafted := "the UN draft"
		if sc.Mechanisms.Offer.Drafter != scenarios.DrafterUN {
			drafted = "a party's draft"
		}
		host := ""
		if mt.Host >= 0 {
			host = "; " + sc.Observers[mt.Host].Name + " hosting"
		}
		e.logf(when, mt.Venue, "%s signed on %s%s%s", spec.Name, drafted, detail, host)
	}
}

// TermValue is the number a term of an agreement takes at point x.
// Whole-numbered terms (a number of members) are rounded.
func TermValue(t scenarios.Term, x float64) float64 {
	v := t.AtGov + float64(x*(t.AtUTO-t.AtGov)) // rounded before the sum on every machine
	if t.Integer {
		v = math.Round(v)
	}
	return v
}

func formatTerm(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) >= 1 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

func (e *engine) logf(when time.Time, venue, format string, args ...any) {
	if !e.opt.Log {
		return
	}
	e.res.Log = append(e.res.Log, Entry{Date: when, Venue: venue, Text: fmt.Sprintf(format, args...)})
}

func describe(mt *Meeting) string {
	switch {
	case mt.Label != "":
		return mt.Label
	case mt.Kind == scenarios.KindLeaders:
		return "leaders' meeting"
	default:
		return mt.Kind
	}
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
