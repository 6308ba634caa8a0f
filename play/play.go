// Package play is the role play of the classroom page (issue #14): a
// person takes the decisions of one warring party at the meetings of one
// run, of Russia month by month, or of the UN envoy (when to convene,
// where to place each draft); the agents play the rest, and the decisions are kept as a small JSON
// file (a Game) that the command line replays exactly:
//
//	tajikpeace run --play decisions.json
//
// Data flows: a person's choices -> Recorder (a sim.Player that keeps
// them) -> Game -> JSON; a Game -> Script (a sim.Player that gives them
// back, checking that the run asks the same questions) -> the same run.
package play

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

// Game is a played run: the question (a built-in scenario, its overrides,
// the master seed and the run index), the party played, and every decision.
type Game struct {
	Scenario  string     `json:"scenario"`
	Sets      []string   `json:"sets,omitempty"`
	Seed      uint64     `json:"seed"`
	Run       int        `json:"run"`
	Role      string     `json:"role"` // the actor's id: government, uto, russia or un
	Decisions []Decision `json:"decisions"`
}

// Decision is one decision, with where it was taken and what the party's
// rule would have decided there (the turning points are where they differ).
type Decision struct {
	Date   string `json:"date"` // YYYY-MM-DD
	Kind   string `json:"kind"` // answer, attend, stance, convene or place (see the Kind constants)
	Issue  string `json:"issue,omitempty"`
	Draft  int    `json:"draft,omitempty"`
	Choice string `json:"choice"`
	Agent  string `json:"agent"`
}

// The words of a decision.
const (
	KindAnswer = "answer"
	KindAttend = "attend"
	KindStance = "stance" // an observer's policy for the next weeks
	// The envoy's decisions: whether to convene a round this week, and
	// where to place a draft (its choice a point of the axis, written by
	// PointWord, or AsTheRule; its agent the rule's point).
	KindConvene = "convene"
	KindPlace   = "place"
	Attend      = "attend"
	StayAway    = "stay away"
	Convene     = "convene"
	Wait        = "wait"
	AsTheRule   = "as the rule" // a stance or a draft left to the rule
)

// Stances are the words of an observer's policy, with the stance each
// sets (-1 arming its client .. +1 pressing for peace); AsTheRule keeps
// the rule's own.
var Stances = []string{"arm", "stand aside", "press"}

var stanceValues = []float64{-1, 0, 1}

// stanceWord is the word nearest a stance (what the rule's would be).
func stanceWord(x float64) string {
	switch {
	case x < -1.0/3:
		return Stances[0]
	case x > 1.0/3:
		return Stances[2]
	}
	return Stances[1]
}

// Answers are the words of a draft's answers, in sim.Response's order.
var Answers = []string{"accept", "amend", "reject"}

// Roles are the actors a person can play: the two warring parties,
// Russia (the observer whose turn the sources make decisive) and the UN
// envoy.
var Roles = []string{scenarios.Government, scenarios.Opposition, Russia, Mediator}

// Russia is the observer a person can play; Mediator the UN envoy.
const (
	Russia   = "russia"
	Mediator = "un"
)

// PointWord writes a point of an issue's axis as a decision holds it: to
// three decimals, in the shortest form that reads back as the same number.
func PointWord(x float64) string {
	return strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64)
}

// ParsePoint reads a point written by PointWord.
func ParsePoint(s string) (float64, error) {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x < 0 || x > 1 || PointWord(x) != s {
		return 0, fmt.Errorf("expected a point of the axis from 0 to 1 with at most three decimals (0.42)")
	}
	return x, nil
}

// roleOf is the role whose decisions are of kind.
func roleOf(kind, role string) bool {
	switch kind {
	case KindStance:
		return role == Russia
	case KindConvene, KindPlace:
		return role == Mediator
	}
	return role == scenarios.Government || role == scenarios.Opposition
}

// MaxDecisions bounds a file (a whole run has a few hundred).
const MaxDecisions = 100000

// Parse reads a Game strictly: unknown keys, a role that is not a warring
// party, a choice that is not one of the words, or a date that is not a
// date are errors naming the decision.
func Parse(b []byte) (*Game, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var g Game
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("expected a game as JSON: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("expected one game, found more after it")
	}
	if !slices.Contains(scenarios.Builtin(), g.Scenario) {
		return nil, fmt.Errorf("scenario %q: expected a built-in scenario (%s)", g.Scenario, strings.Join(scenarios.Builtin(), ", "))
	}
	if !slices.Contains(Roles, g.Role) {
		return nil, fmt.Errorf("role %q: expected %s", g.Role, strings.Join(Roles, ", "))
	}
	if g.Run < 0 {
		return nil, fmt.Errorf("run %d: expected the index of a run, 0 or more", g.Run)
	}
	if len(g.Decisions) > MaxDecisions {
		return nil, fmt.Errorf("decisions: %d, more than %d", len(g.Decisions), MaxDecisions)
	}
	for i, d := range g.Decisions {
		if _, err := time.Parse(time.DateOnly, d.Date); err != nil {
			return nil, fmt.Errorf("decisions[%d].date %q: expected YYYY-MM-DD", i, d.Date)
		}
		words := Answers
		switch d.Kind {
		case KindAnswer, KindPlace:
			if d.Issue == "" {
				return nil, fmt.Errorf("decisions[%d].issue: an answer or a draft names its text", i)
			}
		case KindAttend:
			words = []string{Attend, StayAway}
		case KindStance:
			words = Stances
		case KindConvene:
			words = []string{Convene, Wait}
		default:
			return nil, fmt.Errorf("decisions[%d].kind %q: expected %s, %s, %s, %s or %s", i, d.Kind, KindAnswer, KindAttend, KindStance, KindConvene, KindPlace)
		}
		if d.Kind == KindPlace {
			if _, err := ParsePoint(d.Agent); err != nil {
				return nil, fmt.Errorf("decisions[%d].agent %q: %w", i, d.Agent, err)
			}
			if _, err := ParsePoint(d.Choice); err != nil && d.Choice != AsTheRule {
				return nil, fmt.Errorf("decisions[%d].choice %q: %w, or %q", i, d.Choice, err, AsTheRule)
			}
		} else {
			// AsTheRule is the one choice that is not also a word of the rule's.
			if !(d.Kind == KindStance && d.Choice == AsTheRule) && !slices.Contains(words, d.Choice) {
				return nil, fmt.Errorf("decisions[%d].choice %q: expected %s", i, d.Choice, strings.Join(choices(d.Kind, words), ", "))
			}
			if !slices.Contains(words, d.Agent) {
				return nil, fmt.Errorf("decisions[%d].agent %q: expected %s", i, d.Agent, strings.Join(words, ", "))
			}
		}
		if !roleOf(d.Kind, g.Role) {
			return nil, fmt.Errorf("decisions[%d].kind %q: not a decision of the role %s", i, d.Kind, g.Role)
		}
	}
	return &g, nil
}

func choices(kind string, words []string) []string {
	if kind == KindStance {
		return append(slices.Clone(words), AsTheRule)
	}
	return words
}

// Party is the index of the party the game plays, -1 for an observer.
func (g *Game) Party() int {
	switch g.Role {
	case scenarios.Opposition:
		return sim.UTO
	case scenarios.Government:
		return sim.Gov
	}
	return -1
}

// Observer is the id of the observer the game plays, "" for a party or
// the mediator.
func (g *Game) Observer() string {
	if g.Role == Russia {
		return g.Role
	}
	return ""
}

// Mediator says the game plays the UN envoy.
func (g *Game) Mediator() bool { return g.Role == Mediator }

// TurningPoints are the decisions that differ from the rule's: for a
// draft, one placed more than a hundredth of the axis from the rule's.
func (g *Game) TurningPoints() []Decision {
	var out []Decision
	for _, d := range g.Decisions {
		if d.Choice == d.Agent || d.Choice == AsTheRule {
			continue
		}
		if d.Kind == KindPlace {
			x, _ := ParsePoint(d.Choice)
			y, _ := ParsePoint(d.Agent)
			if math.Abs(x-y) <= 0.01 {
				continue
			}
		}
		out = append(out, d)
	}
	return out
}

func decision(s sim.Situation, kind, choice, agent string) Decision {
	d := Decision{Date: s.Date.Format(time.DateOnly), Kind: kind, Choice: choice, Agent: agent}
	if kind == KindAnswer || kind == KindPlace {
		d.Issue, d.Draft = s.Issue, s.Draft
	}
	return d
}

func attendWord(b bool) string {
	if b {
		return Attend
	}
	return StayAway
}

// Chooser is a person (or a test's script): shown a situation and what the
// actor's rule would do, it decides. Stance returns one of Stances or
// AsTheRule; Place a point of the axis from 0 to 1 (as a number: it is
// kept to three decimals) or AsTheRule.
type Chooser interface {
	Attend(s sim.Situation, agent bool) bool
	Answer(s sim.Situation, agent sim.Response) sim.Response
	Stance(s sim.Situation, agent string) string
	Convene(s sim.Situation, agent bool) bool
	Place(s sim.Situation, agent float64) string
}

// Rule is a Chooser that always decides as the actor's rule does: a
// script embeds it and overrides the decisions it takes otherwise.
type Rule struct{}

func (Rule) Attend(_ sim.Situation, agent bool) bool                 { return agent }
func (Rule) Answer(_ sim.Situation, agent sim.Response) sim.Response { return agent }
func (Rule) Stance(sim.Situation, string) string                     { return AsTheRule }
func (Rule) Convene(_ sim.Situation, agent bool) bool                { return agent }
func (Rule) Place(sim.Situation, float64) string                     { return AsTheRule }

// place turns a chooser's answer into the point a draft takes and the
// word the decision keeps: a number is kept to three decimals (so that a
// replay reads back exactly the point played); anything else leaves the
// draft to the rule.
func place(choice string, agent float64) (float64, string) {
	x, err := strconv.ParseFloat(strings.TrimSpace(choice), 64)
	if err != nil || !(x >= 0 && x <= 1) {
		return agent, AsTheRule
	}
	w := PointWord(x)
	x, _ = strconv.ParseFloat(w, 64)
	return x, w
}

func conveneWord(b bool) string {
	if b {
		return Convene
	}
	return Wait
}

// stance turns a word into what sim.Player.Stance returns.
func stance(word string, agent float64) (float64, bool) {
	if i := slices.Index(Stances, word); i >= 0 {
		return stanceValues[i], false
	}
	return agent, true
}

// Recorder plays the party with a Chooser and keeps every decision in
// Game.
type Recorder struct {
	Game    *Game
	chooser Chooser
}

// NewRecorder starts a game of g's question (its decisions are replaced).
func NewRecorder(g *Game, c Chooser) *Recorder {
	g.Decisions = nil
	return &Recorder{Game: g, chooser: c}
}

func (r *Recorder) Party() int       { return r.Game.Party() }
func (r *Recorder) Observer() string { return r.Game.Observer() }
func (r *Recorder) Mediator() bool   { return r.Game.Mediator() }

func (r *Recorder) Convene(s sim.Situation, agent bool) bool {
	c := r.chooser.Convene(s, agent)
	r.Game.Decisions = append(r.Game.Decisions, decision(s, KindConvene, conveneWord(c), conveneWord(agent)))
	return c
}

func (r *Recorder) Place(s sim.Situation, agent float64) float64 {
	x, word := place(r.chooser.Place(s, agent), agent)
	r.Game.Decisions = append(r.Game.Decisions, decision(s, KindPlace, word, PointWord(agent)))
	return x
}

func (r *Recorder) Stance(s sim.Situation, agent float64) (float64, bool) {
	word := stanceWord(agent)
	c := r.chooser.Stance(s, word)
	if !slices.Contains(Stances, c) {
		c = AsTheRule
	}
	r.Game.Decisions = append(r.Game.Decisions, decision(s, KindStance, c, word))
	return stance(c, agent)
}

func (r *Recorder) Attend(s sim.Situation, agent bool) bool {
	c := r.chooser.Attend(s, agent)
	r.Game.Decisions = append(r.Game.Decisions, decision(s, KindAttend, attendWord(c), attendWord(agent)))
	return c
}

func (r *Recorder) Answer(s sim.Situation, agent sim.Response) sim.Response {
	c := r.chooser.Answer(s, agent)
	r.Game.Decisions = append(r.Game.Decisions, decision(s, KindAnswer, Answers[c], Answers[agent]))
	return c
}

// Script gives a game's decisions back, in order, checking that the run
// asks each at the same date, of the same kind, on the same text and
// draft; Err says where it did not (the file was played with another
// model or scenario), and the party's rule decides from there on.
type Script struct {
	game *Game
	next int
	err  error
}

// NewScript replays g.
func NewScript(g *Game) *Script { return &Script{game: g} }

func (p *Script) Party() int       { return p.game.Party() }
func (p *Script) Observer() string { return p.game.Observer() }
func (p *Script) Mediator() bool   { return p.game.Mediator() }

func (p *Script) Convene(s sim.Situation, agent bool) bool {
	d, ok := p.take(decision(s, KindConvene, "", ""))
	if !ok {
		return agent
	}
	return d.Choice == Convene
}

func (p *Script) Place(s sim.Situation, agent float64) float64 {
	d, ok := p.take(decision(s, KindPlace, "", ""))
	if !ok || d.Choice == AsTheRule {
		return agent
	}
	x, _ := ParsePoint(d.Choice)
	return x
}

func (p *Script) Stance(s sim.Situation, agent float64) (float64, bool) {
	d, ok := p.take(decision(s, KindStance, "", ""))
	if !ok {
		return agent, true
	}
	return stance(d.Choice, agent)
}

// take returns the next decision if it is the one the run asks for.
func (p *Script) take(want Decision) (Decision, bool) {
	if p.err != nil {
		return Decision{}, false
	}
	if p.next >= len(p.game.Decisions) {
		p.err = fmt.Errorf("the run asks for a decision on %s (%s) after the file's last, decision %d", want.Date, describe(want), len(p.game.Decisions))
		return Decision{}, false
	}
	got := p.game.Decisions[p.next]
	if got.Date != want.Date || got.Kind != want.Kind || got.Issue != want.Issue || got.Draft != want.Draft {
		p.err = fmt.Errorf("decisions[%d] was taken on %s (%s), but the run asks on %s (%s): the file was played with another version of the model or scenario",
			p.next, got.Date, describe(got), want.Date, describe(want))
		return Decision{}, false
	}
	p.next++
	return got, true
}

func describe(d Decision) string {
	switch d.Kind {
	case KindAttend:
		return "whether to attend"
	case KindStance:
		return "the stance"
	case KindConvene:
		return "whether to convene"
	}
	return fmt.Sprintf("%s, draft %d", d.Issue, d.Draft+1)
}

func (p *Script) Attend(s sim.Situation, agent bool) bool {
	d, ok := p.take(decision(s, KindAttend, "", ""))
	if !ok {
		return agent
	}
	return d.Choice == Attend
}

func (p *Script) Answer(s sim.Situation, agent sim.Response) sim.Response {
	d, ok := p.take(decision(s, KindAnswer, "", ""))
	if !ok {
		return agent
	}
	return sim.Response(slices.Index(Answers, d.Choice))
}

// Err reports the first mismatch, or decisions the run never asked for.
func (p *Script) Err() error {
	if p.err == nil && p.next < len(p.game.Decisions) {
		return fmt.Errorf("the run ended after %d of the file's %d decisions: the file was played with another version of the model or scenario", p.next, len(p.game.Decisions))
	}
	return p.err
}
