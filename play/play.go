// Package play is the role play of the classroom page (issue #14): a
// person takes one warring party's decisions at the meetings of one run,
// the agents play the rest, and the decisions are kept as a small JSON
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
	"slices"
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
	Role      string     `json:"role"` // the actor's id: government, uto or russia
	Decisions []Decision `json:"decisions"`
}

// Decision is one decision, with where it was taken and what the party's
// rule would have decided there (the turning points are where they differ).
type Decision struct {
	Date   string `json:"date"` // YYYY-MM-DD
	Kind   string `json:"kind"` // answer (a draft) or attend (a meeting)
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
	Attend     = "attend"
	StayAway   = "stay away"
	AsTheRule  = "as the rule" // an observer's stance left to its rule
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

// Roles are the actors a person can play: the two warring parties, and
// Russia (the observer whose turn the sources make decisive).
var Roles = []string{scenarios.Government, scenarios.Opposition, Russia}

// Russia is the observer a person can play.
const Russia = "russia"

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
		case KindAnswer:
			if d.Issue == "" {
				return nil, fmt.Errorf("decisions[%d].issue: an answer names the text it answers", i)
			}
		case KindAttend:
			words = []string{Attend, StayAway}
		case KindStance:
			words = Stances
		default:
			return nil, fmt.Errorf("decisions[%d].kind %q: expected %s, %s or %s", i, d.Kind, KindAnswer, KindAttend, KindStance)
		}
		// AsTheRule is the one choice that is not also a word of the rule's.
		if !(d.Kind == KindStance && d.Choice == AsTheRule) && !slices.Contains(words, d.Choice) {
			return nil, fmt.Errorf("decisions[%d].choice %q: expected %s", i, d.Choice, strings.Join(choices(d.Kind, words), ", "))
		}
		if !slices.Contains(words, d.Agent) {
			return nil, fmt.Errorf("decisions[%d].agent %q: expected %s", i, d.Agent, strings.Join(words, ", "))
		}
		if (d.Kind == KindStance) != (g.Role == Russia) {
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

// Observer is the id of the observer the game plays, "" for a party.
func (g *Game) Observer() string {
	if g.Party() < 0 {
		return g.Role
	}
	return ""
}

// TurningPoints are the decisions that differ from the rule's.
func (g *Game) TurningPoints() []Decision {
	var out []Decision
	for _, d := range g.Decisions {
		if d.Choice != d.Agent && d.Choice != AsTheRule {
			out = append(out, d)
		}
	}
	return out
}

func decision(s sim.Situation, kind, choice, agent string) Decision {
	d := Decision{Date: s.Date.Format(time.DateOnly), Kind: kind, Choice: choice, Agent: agent}
	if kind == KindAnswer {
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
// AsTheRule.
type Chooser interface {
	Attend(s sim.Situation, agent bool) bool
	Answer(s sim.Situation, agent sim.Response) sim.Response
	Stance(s sim.Situation, agent string) string
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
