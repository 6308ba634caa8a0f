package scenarios

import (
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"
)

// Scenario is a validated, typed scenario. Nothing downstream of this package
// sees YAML. Every field is documented, with its baseline value and range, in
// docs/scenarios.md.
type Scenario struct {
	Name       string     `yaml:"name"`
	Title      string     `yaml:"title"`
	Question   string     `yaml:"question,omitempty"`
	Sources    string     `yaml:"sources,omitempty"`
	Extends    string     `yaml:"extends,omitempty"`
	Span       Span       `yaml:"span"`
	Mechanisms Mechanisms `yaml:"mechanisms"`
	Parties    []Party    `yaml:"parties"`
	Observers  []Observer `yaml:"observers"`
	Mediator   Mediator   `yaml:"mediator"`
	Agenda     []Issue    `yaml:"agenda"`
	Events     []Event    `yaml:"events"`
	Calendar   Calendar   `yaml:"calendar"`
}

// Span is the simulated period and the length of one step.
type Span struct {
	Start    Date `yaml:"start"`
	End      Date `yaml:"end"`
	StepDays int  `yaml:"step_days"`
}

// Mechanisms holds the switches and tuning of the seven named mechanisms.
type Mechanisms struct {
	Offer       Offer       `yaml:"offer"`
	Pressure    Pressure    `yaml:"pressure"`
	Battlefield Battlefield `yaml:"battlefield"`
	Sequencing  Sequencing  `yaml:"sequencing"`
	Leaders     Leaders     `yaml:"leaders"`
	Track2      Track2      `yaml:"track2"`
	Venue       Venue       `yaml:"venue"`
}

// Offer tunes who drafts the texts and how a round proceeds.
type Offer struct {
	// Drafter is "un" (the mediator drafts every text) or "parties" (the
	// delegations table their own drafts in turn).
	Drafter        string  `yaml:"drafter"`
	DraftsPerRound int     `yaml:"drafts_per_round"`
	EstimateNoise  float64 `yaml:"estimate_noise"`
	MoodNoise      float64 `yaml:"mood_noise"`
	AmendMargin    float64 `yaml:"amend_margin"`
	PolemicCost    float64 `yaml:"polemic_cost"`
	// AcceptanceSpread softens a delegation's limit: the chance it accepts a
	// text is a logistic function of (tolerance - distance) over
	// spread x flexibility. 0 is a hard limit.
	AcceptanceSpread float64 `yaml:"acceptance_spread"`
	// FightingCost is the share of their tolerance the delegations lose on
	// any text but the restoring one while the ceasefire is broken.
	FightingCost float64 `yaml:"fighting_cost"`
}

// Pressure tunes how observers' stances move and act.
type Pressure struct {
	Enabled      bool    `yaml:"enabled"`
	Inertia      float64 `yaml:"inertia"`
	Sensitivity  float64 `yaml:"sensitivity"`
	Effect       float64 `yaml:"effect"`
	SupplyEffect float64 `yaml:"supply_effect"`
}

// Battlefield tunes fighting, costs, the ceasefire and ripeness.
type Battlefield struct {
	Enabled        bool    `yaml:"enabled"`
	Lethality      float64 `yaml:"lethality"`
	ControlSpeed   float64 `yaml:"control_speed"`
	MountainCap    float64 `yaml:"mountain_cap"`
	MountainFactor float64 `yaml:"mountain_factor"`
	StrengthCap    float64 `yaml:"strength_cap"`
	Retake         float64 `yaml:"retake"`
	// OffensiveThreshold is the level of operations at which a party's
	// leadership itself breaks a ceasefire.
	OffensiveThreshold float64 `yaml:"offensive_threshold"`
	WearinessRate      float64 `yaml:"weariness_rate"`
	WearinessRelief    float64 `yaml:"weariness_relief"`
	Upkeep             float64 `yaml:"upkeep"`
	EveOfRoundWeeks    int     `yaml:"eve_of_round_weeks"`
	EveOfRoundBoost    float64 `yaml:"eve_of_round_boost"`
	ViolationRate      float64 `yaml:"violation_rate"`
	TensionDecay       float64 `yaml:"tension_decay"`
	CollapseTension    float64 `yaml:"collapse_tension"`
	ObserverDeter      float64 `yaml:"observer_deterrence"`
	DetectWith         float64 `yaml:"detect_with_observers"`
	DetectWithout      float64 `yaml:"detect_without_observers"`
	CeasefireWeeks     int     `yaml:"ceasefire_weeks"`
	RelocationRate     float64 `yaml:"relocation_rate"`
	BorderCostRate     float64 `yaml:"border_cost_rate"`
	BorderCostDecay    float64 `yaml:"border_cost_decay"`
	InstabilityDecay   float64 `yaml:"instability_decay"`
	// ProspectInertia is the weekly share of a party's reading of its
	// prospects that it keeps: prospects are read from the fighting over
	// months, not from one week's balance.
	ProspectInertia float64 `yaml:"prospect_inertia"`
	// StallScale is the weekly change of control (smoothed) below which the
	// war looks stalled to both sides.
	StallScale float64 `yaml:"stall_scale"`
	// StalemateIntensity is the level of fighting (smoothed) at which a
	// stalled war is felt as a stalemate in full; 0: at any level.
	StalemateIntensity float64 `yaml:"stalemate_intensity"`
	// GainsWeight is how much a side that is gaining ground narrows the
	// concessions it will make (and the readier it is to attend).
	GainsWeight float64 `yaml:"gains_weight"`
	// PeacekeepingCost is the weight of fighting in the cost to Russia's
	// troops once peacekeepers are deployed (event "peacekeepers").
	PeacekeepingCost float64 `yaml:"peacekeeping_cost"`
}

// Sequencing tunes how many agenda items a meeting can take up.
type Sequencing struct {
	IssuesPerRound   int `yaml:"issues_per_round"`
	IssuesPerMeeting int `yaml:"issues_per_meeting"`
	// Framing is the share of the gap between the parties' ideals that a
	// signed framework text (effect "framework") closes on every text that
	// follows from it.
	Framing float64 `yaml:"framing"`
}

// Leaders tunes meetings between the two heads.
type Leaders struct {
	Enabled bool `yaml:"enabled"`
	// SummitReach widens each leader's tolerance at a leaders' meeting by
	// summit_reach x leader_will: a head of state can concede what his
	// delegation may not.
	SummitReach float64 `yaml:"summit_reach"`
}

// Track2 tunes the Inter-Tajik Dialogue.
type Track2 struct {
	Enabled       bool    `yaml:"enabled"`
	Start         Date    `yaml:"start"`
	KnowledgeGain float64 `yaml:"knowledge_gain"`
	TrustGain     float64 `yaml:"trust_gain"`
}

// Venue tunes what hosting a round does.
type Venue struct {
	Enabled  bool    `yaml:"enabled"`
	HostTilt float64 `yaml:"host_tilt"`
	Boycott  float64 `yaml:"boycott"`
}

// Party is one of the two warring sides (or a faction a scenario adds).
type Party struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// AtTable says whether the party takes part in the talks.
	AtTable   bool    `yaml:"at_table"`
	Strength  float64 `yaml:"strength"`
	Resources float64 `yaml:"resources"`
	Income    float64 `yaml:"income"`
	// Recruitment is how fast the party raises fighters from its resources.
	Recruitment float64 `yaml:"recruitment"`
	Weariness   float64 `yaml:"weariness"`
	Cohesion    float64 `yaml:"cohesion"`
	LeaderWill  float64 `yaml:"leader_will"`
	Aggression  float64 `yaml:"aggression"`
	// Inside is the share of the party's forces inside Tajikistan (the UTO
	// began in exile in Afghanistan).
	Inside      float64             `yaml:"inside"`
	Willingness Willingness         `yaml:"willingness"`
	Positions   map[string]Position `yaml:"positions"`
}

// Willingness weighs the ripeness signals behind a party's willingness to settle.
type Willingness struct {
	Base      float64 `yaml:"base"`
	Hurting   float64 `yaml:"hurting"`
	Stalemate float64 `yaml:"stalemate"`
	Pressure  float64 `yaml:"pressure"`
	Trust     float64 `yaml:"trust"`
	// Prospect weighs the party's expectation of winning by force: it
	// divides the government's reasons to settle (by 1 + Prospect x its
	// superiority) and is subtracted from the opposition's.
	Prospect float64 `yaml:"prospect"`
	// Depletion weighs the exhaustion of the party's resources: the share of
	// its initial stock it has lost.
	Depletion float64 `yaml:"depletion"`
	// Deadlock weighs the cost of a deadlock: the years since the last text
	// was signed, or before any since the first meeting.
	Deadlock float64 `yaml:"deadlock"`
	// Rivals discounts the government's willingness for every faction
	// admitted to the table besides the government and the UTO (it adds to
	// the divisor, as superiority does).
	Rivals  float64 `yaml:"rivals,omitempty"`
	Inertia float64 `yaml:"inertia"`
}

// Position is a party's ideal point and flexibility on one agenda issue, on
// the issue's axis from 0 (the government's text) to 1 (the opposition's).
type Position struct {
	Ideal       float64 `yaml:"ideal"`
	Flexibility float64 `yaml:"flexibility"`
}

// Observer is an observer state or organisation.
type Observer struct {
	ID       string             `yaml:"id"`
	Name     string             `yaml:"name"`
	Kind     string             `yaml:"kind"` // state or organisation
	Client   string             `yaml:"client,omitempty"`
	Joins    Date               `yaml:"joins"`
	Bias     float64            `yaml:"bias"`
	Interest Interests          `yaml:"interests"`
	Leverage map[string]float64 `yaml:"leverage"`
	Capacity Capacity           `yaml:"capacity"`
	// Sanctuary is the refuge the observer's territory gives its client.
	Sanctuary float64 `yaml:"sanctuary,omitempty"`
	// DependsOn names another observer whose goodwill this one needs more as
	// the Taliban advance (Massoud's need of Russian supplies).
	DependsOn string `yaml:"depends_on,omitempty"`
}

// Interests are the weights an observer gives to what moves its stance.
type Interests struct {
	Security   float64 `yaml:"security"`
	Taliban    float64 `yaml:"taliban"`
	TroopCost  float64 `yaml:"troop_cost"`
	Influence  float64 `yaml:"influence"`
	Dependence float64 `yaml:"dependence"`
}

// Capacity is what an observer can give its client, by channel.
type Capacity struct {
	Military float64 `yaml:"military"`
	Supplies float64 `yaml:"supplies"`
}

// Mediator is the UN: the Special Envoy and the observers mission.
type Mediator struct {
	Knowledge      float64 `yaml:"knowledge"`
	ShuttleGain    float64 `yaml:"shuttle_gain"`
	RoundGain      float64 `yaml:"round_gain"`
	CouncilBacking float64 `yaml:"council_backing"`
	Observers      UNMOT   `yaml:"observers"`
}

// UNMOT is the UN military observer mission.
type UNMOT struct {
	Enabled     bool `yaml:"enabled"`
	DeployWeeks int  `yaml:"deploy_weeks"`
}

// Issue is one item of the agenda.
type Issue struct {
	ID       string   `yaml:"id"`
	Name     string   `yaml:"name"`
	Requires []string `yaml:"requires"`
	// MinKnowledge is how well the mediator must know the parties before it
	// can draft this text.
	MinKnowledge float64 `yaml:"min_knowledge"`
	Terms        []Term  `yaml:"terms,omitempty"`
	// Effect is what signing the text does to the world: "ceasefire" (a
	// ceasefire that enters into force once observers deploy),
	// "restore_ceasefire" (on the table after each collapse, and first
	// then), "joint_commission" (violations are taken up jointly),
	// "framework" (narrows the gaps on the texts that follow from it),
	// "final" (the General Agreement: on the table once all else is signed)
	// or "".
	Effect string `yaml:"effect,omitempty"`
}

// Term maps the agreed point on an issue's axis to a number in the text.
type Term struct {
	ID    string  `yaml:"id"`
	Unit  string  `yaml:"unit"`
	AtGov float64 `yaml:"at_government"`
	AtUTO float64 `yaml:"at_opposition"`
	// Integer says the term is a whole number (rounded).
	Integer bool `yaml:"integer,omitempty"`
}

// Event is an exogenous event on the calendar.
type Event struct {
	ID        string  `yaml:"id"`
	Date      Date    `yaml:"date"`
	Kind      string  `yaml:"kind"`
	Magnitude float64 `yaml:"magnitude"`
	Label     string  `yaml:"label"`
	Source    string  `yaml:"source,omitempty"`
	Disabled  bool    `yaml:"disabled,omitempty"`
}

// Calendar is the schedule of talks.
type Calendar struct {
	// Mode is "historical" (the meetings below, then endogenous rounds after
	// the last of them) or "endogenous" (the mediator convenes when it judges
	// the parties ready).
	Mode     string    `yaml:"mode"`
	Meetings []Meeting `yaml:"meetings"`
	// Endogenous scheduling.
	Readiness  float64 `yaml:"readiness"`
	GapWeeks   int     `yaml:"gap_weeks"`
	RoundWeeks int     `yaml:"round_weeks"`
	StartAfter Date    `yaml:"start_after"`
	// HostPull lowers the readiness the envoy waits for by host_pull x the
	// stance of the observer state pressing hardest for peace: a patron's
	// offer to host brings the parties sooner.
	HostPull float64 `yaml:"host_pull"`
	// CrisisReadiness is the readiness at which the envoy convenes after the
	// ceasefire collapses (0: the collapse does not change the rule).
	CrisisReadiness float64 `yaml:"crisis_readiness"`
	// CouncilPatience is the number of weeks without a meeting after which
	// the Security Council presses the envoy to convene whatever the
	// parties' readiness (0: never).
	CouncilPatience int `yaml:"council_patience"`
}

// Meeting is one round, consultation or leaders' meeting.
type Meeting struct {
	ID       string `yaml:"id"`
	Kind     string `yaml:"kind"` // round, consultation, leaders
	Label    string `yaml:"label"`
	Venue    string `yaml:"venue"`
	Host     string `yaml:"host"`
	Start    Date   `yaml:"start"`
	End      Date   `yaml:"end"`
	Source   string `yaml:"source,omitempty"`
	Disabled bool   `yaml:"disabled,omitempty"`
}

// Date is a calendar day written YYYY-MM-DD (or YYYY-MM for the 15th).
type Date struct{ time.Time }

// UnmarshalYAML accepts YYYY-MM-DD and YYYY-MM.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	t, err := ParseDate(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	d.Time = t
	return nil
}

// MarshalYAML writes YYYY-MM-DD.
func (d Date) MarshalYAML() (any, error) {
	if d.IsZero() {
		return "", nil
	}
	return d.Format(time.DateOnly), nil
}

// ParseDate parses YYYY-MM-DD, or YYYY-MM meaning the 15th of that month.
func ParseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01", s); err == nil {
		return t.AddDate(0, 0, 14), nil
	}
	return time.Time{}, fmt.Errorf("bad date %q: expected YYYY-MM-DD", s)
}
