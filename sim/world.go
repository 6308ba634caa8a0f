package sim

import (
	"math/rand/v2"
	"time"
)

// The two warring parties are always the first two parties of a model.
const (
	Gov = 0
	UTO = 1
)

// PartyState is what the world knows of one party at the current step.
type PartyState struct {
	Strength    float64 // military strength (1 = the government's in 1993)
	Resources   float64 // 0..1 stock of money and supplies
	Weariness   float64 // 0..1 war-weariness
	Willingness float64 // 0..1 willingness to settle, set by the party's rule
	Prospect    float64 // 0..1 its chance of prevailing by force, as it reads the fighting
	Stalemate   float64 // 0..1 mutually hurting stalemate signal
	Gains       float64 // 0..1 how fast it is gaining ground
	Inside      float64 // share of its forces inside Tajikistan
	Sanctuary   float64 // refuge its patrons' territory gives it
	Ops         float64 // 0..1 military operations it mounts this step

	// Received this step from observers and the mediator, by channel.
	SupportMilitary    float64
	SupportSupplies    float64
	PressureDiplomatic float64
	PressureSupplyCut  float64
}

// Pressure is the diplomatic pressure a party receives this step. Supply
// cuts act through the party's resources (see agents.Battlefield), not here.
func (p *PartyState) Pressure() float64 { return p.PressureDiplomatic }

// ObserverState is one observer's stance and what it did this step.
type ObserverState struct {
	Active   bool
	Stance   float64 // -1 arms its client for victory .. +1 presses for peace
	Interest float64 // its net interest in peace (before smoothing)
	Support  float64 // support given to its client this step
	Pressure float64 // pressure applied to the parties this step
}

// Ceasefire is the state of the ceasefire.
type Ceasefire struct {
	Signed     bool
	InForce    bool
	Collapsed  bool // collapsed and not yet restored
	Expires    time.Time
	Tension    float64 // accumulated unresolved violations
	Violations float64 // violations this step
	Detected   float64 // share of this step's violations that became known
	// BrokenBy is 1 + the index of the party whose leadership's offensive
	// broke the ceasefire this step; 0 if none did.
	BrokenBy int
}

// IssueState is the state of one agenda item.
type IssueState struct {
	Signed   bool
	Date     time.Time
	Point    float64 // agreed point on the issue's axis
	Venue    string
	Attempts int // texts tabled on it so far
	TabledAt int // the sitting it was last tabled at
}

// World is the state shared by every agent. Agents read it and write only
// their own parts, in the order the engine calls them.
type World struct {
	Date      time.Time
	Step      int
	StepWeeks float64 // length of a step in weeks

	Parties   []PartyState
	Observers []ObserverState
	Issues    []IssueState

	Taliban     float64 // 0..1 advance of the Taliban in Afghanistan
	BorderCost  float64 // recent cost to Russian border troops
	Instability float64 // smoothed fighting intensity: the spill-over threat
	Control     float64 // opposition's share of the contested districts
	Intensity   float64 // fighting this step, 0..1
	// ControlTrend is the smoothed weekly change of Control: above zero the
	// opposition is gaining ground, below zero the government.
	ControlTrend float64
	// Peacekeepers is the presence of the CIS peacekeeping force, whose
	// troops bear part of the cost of the fighting (0 before it deploys).
	Peacekeepers float64
	// LastMeetingEnd is the end of the last meeting (zero before any).
	LastMeetingEnd time.Time
	// LastSigned is when a text was last signed, or before any, when the
	// first meeting sat (zero before the talks begin).
	LastSigned time.Time

	Ceasefire Ceasefire
	Knowledge float64 // the mediator's knowledge of the parties' margins
	Trust     float64 // trust between the two delegations

	ObserversDeployed bool
	ObserversDue      time.Time

	// NextMeeting is the start of the next scheduled meeting (zero if none
	// is known): parties time offensives against it.
	NextMeeting time.Time
	// Meeting is the meeting in session this step, or nil.
	Meeting *Meeting
	// Sitting counts the sittings of meetings so far.
	Sitting int
}

// WeeksTo is the number of weeks from now to t (negative if past).
func (w *World) WeeksTo(t time.Time) float64 {
	// t.Sub(w.Date).Hours()/(24*7), the same number, without Sub's check
	// for a difference beyond Duration's 292 years (a run spans decades;
	// a zero time, year 1, takes Sub's way): Sub was a tenth of a run.
	if s := t.Unix() - w.Date.Unix(); s > -9e9 && s < 9e9 {
		d := time.Duration(s)*time.Second + time.Duration(t.Nanosecond()-w.Date.Nanosecond())
		return d.Hours() / (24 * 7)
	}
	return t.Sub(w.Date).Hours() / (24 * 7)
}

// Why the mediator convenes a meeting of the endogenous calendar: the
// reasons its rule names, written to the event log.
const (
	ConveneReady   = "both parties seem ready"
	ConveneHost    = "an observer state offers to host"
	ConveneCrisis  = "the ceasefire has collapsed"
	ConveneLapse   = "the ceasefire is about to lapse"
	ConveneCouncil = "the Security Council presses for progress"
)

// Response is a delegation's answer to a draft.
type Response int

const (
	Accept Response = iota
	Amend
	Reject
)

func (r Response) String() string { return [...]string{"accepts", "asks to amend", "rejects"}[r] }

// Party is a warring party's decision rules.
type Party interface {
	// Assess updates the party's willingness and prospects.
	Assess(w *World, self int)
	// Fight returns the operations the party mounts this step (0..1).
	Fight(w *World, self int) float64
	// Tolerance is how far from its ideal a text on issue may lie and still
	// be acceptable to its delegation now.
	Tolerance(w *World, self, issue int) float64
	// Ideal is the party's preferred point on issue's axis now (a signed
	// framework text may have moved it).
	Ideal(w *World, issue int) float64
	// Respond answers a draft x on issue, given the delegation's mood; the
	// generator decides a text near the delegation's limit.
	Respond(w *World, self, issue int, x, mood float64, r *rand.Rand) Response
	// Propose drafts a text on issue when the parties draft.
	Propose(w *World, self, issue int, round int) float64
	// Ratify reports whether the party's hardliners let an accepted text
	// stand; leaders says the heads signed it themselves.
	Ratify(w *World, self, issue int, x float64, leaders bool, r *rand.Rand) bool
	// Attends reports whether the party attends a meeting at host.
	Attends(w *World, self int, hostClient int, r *rand.Rand) bool
}

// Observer is an observer state's or organisation's decision rules.
type Observer interface {
	// Assess updates its stance from its interests.
	Assess(w *World, self int)
	// Act applies support or pressure to the parties.
	Act(w *World, self int)
	// Client is the index of the party it backs, or -1.
	Client() int
}

// Mediator is the UN's decision rules.
type Mediator interface {
	// Prepare runs between meetings: shuttles, Track II, observers.
	Prepare(w *World, r *rand.Rand)
	// Ready reports whether it would convene a meeting now, and why (one of
	// the Convene reasons).
	Ready(w *World) (bool, string)
	// Open reports whether any text could be tabled now.
	Open(w *World) bool
	// Table picks up to capacity agenda items to put on the table.
	Table(w *World, capacity int, r *rand.Rand) []int
	// Draft places the draft-th text of this sitting on issue: the
	// mediator's own compromise, or, where the delegations draft
	// (mechanisms.offer.drafter), the proposal of the party whose turn it
	// is. est holds its current estimates of the tolerance of each party at
	// the table (in table order), which Draft initialises when they are all
	// zero and Learn refines.
	Draft(w *World, issue, draft int, est []float64, hostClient int, r *rand.Rand) float64
	// Learn refines the estimates from the delegations' answers (to its own
	// drafts only).
	Learn(w *World, issue int, x float64, resp []Response, est []float64)
	// Host picks the host of an endogenous meeting.
	Host(w *World, last int) int
}

// Battlefield moves the military balance, costs and the ceasefire.
type Battlefield interface {
	Step(w *World, r *rand.Rand)
}
