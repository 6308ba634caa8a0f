package sim

import "time"

// Player is a person playing one warring party, one observer state or the
// UN mediator (the classroom page's role play, issue #14). The actor's own rule still
// decides first, drawing its random numbers as ever, so that the rest of
// the run sees the same streams; then the player's decision counts. A
// player who always agrees with the rule plays the run the model would
// have played.
type Player interface {
	// Party is the index of the party played (Gov or UTO), -1 when the
	// player plays an observer.
	Party() int
	// Observer is the id of the observer played ("russia"), "" when the
	// player plays a party or the mediator.
	Observer() string
	// Mediator says the player plays the UN mediator.
	Mediator() bool
	// Stance sets the observer's stance for the next PolicyWeeks weeks
	// (-1 arming its client .. +1 pressing for peace), or keeps the rule's
	// (keep true); agent is the stance the rule reached this week. The
	// observer's rule goes on from the stance the player set.
	Stance(s Situation, agent float64) (stance float64, keep bool)
	// Attend decides whether the delegation comes to a meeting hosted by
	// the other side's patron; agent is what the party's rule decided.
	Attend(s Situation, agent bool) bool
	// Answer answers a draft; agent is what the party's rule answered.
	Answer(s Situation, agent Response) Response
	// Convene decides, under the endogenous calendar, whether the envoy
	// convenes a round this week; agent is what the mediator's rule
	// decided (s.Why says why it would). The player is asked every week
	// the rule would convene, and every PolicyWeeks weeks when it would
	// wait but a text could be tabled.
	Convene(s Situation, agent bool) bool
	// Place sets where the envoy's draft lies on the issue's axis (0 the
	// government's text, 1 the opposition's); agent is where the
	// mediator's rule placed it. Asked only where the UN drafts.
	Place(s Situation, agent float64) float64
}

// PolicyWeeks is how often a player playing an observer sets its stance.
const PolicyWeeks = 4

// Situation is what a player is shown before deciding: where and when, the
// text and how far it lies from the party's position, and the state of the
// war and of the party, in the model's own terms.
type Situation struct {
	Date    time.Time `json:"date"`
	Venue   string    `json:"venue"`
	Meeting string    `json:"meeting"` // "round", "consultation" or "leaders"
	// Issue is the agenda item (its id and name), Draft the draft of this
	// sitting (0 first), empty for an attendance decision.
	Issue     string `json:"issue,omitempty"`
	IssueName string `json:"issue_name,omitempty"`
	Draft     int    `json:"draft"`
	// Text is the draft's point on the issue's axis (0 the government's
	// text, 1 the opposition's), Ideal the party's own point, Limit how far
	// from it its delegation can go today (its tolerance): a text further
	// away than Limit is one the party's rule would mostly reject.
	Text  float64 `json:"text"`
	Ideal float64 `json:"ideal"`
	Limit float64 `json:"limit"`
	// The party: willingness to settle, reading of its chance of winning by
	// force, strength, resources; the war: the opposition's share of the
	// contested districts, whether a ceasefire holds, and the pressure the
	// party receives from patrons and the UN.
	Willingness float64 `json:"willingness"`
	Prospect    float64 `json:"prospect"`
	Strength    float64 `json:"strength"`
	Resources   float64 `json:"resources"`
	Control     float64 `json:"opposition_control"`
	Ceasefire   string  `json:"ceasefire"` // "none", "in force", "collapsed"
	Pressure    float64 `json:"pressure"`
	// Signed lists the texts signed so far.
	Signed []string `json:"signed"`
	// For an observer's policy: its stance as its rule has it this week,
	// its net interest in peace, and what weighs on it: the Taliban's
	// advance, the cost to its border troops, the war's instability, and
	// each warring party's willingness (government, opposition).
	Stance      float64    `json:"stance"`
	Interest    float64    `json:"interest"`
	Taliban     float64    `json:"taliban"`
	BorderCost  float64    `json:"border_cost"`
	Instability float64    `json:"instability"`
	Willing     [2]float64 `json:"parties_willingness"`
	// For the mediator: why its rule would convene now ("" if it would
	// wait) and the weeks since the last meeting ended; for a draft, each
	// warring party's position on the issue (government, opposition) and
	// how far the envoy reckons each can go from it (its estimates, not
	// the parties' true limits).
	Why               string     `json:"why,omitempty"`
	WeeksSinceMeeting float64    `json:"weeks_since_meeting"`
	Ideals            [2]float64 `json:"parties_ideals"`
	Reach             [2]float64 `json:"parties_reach"`
}

// ConveneEnvoy is why a player playing the mediator convenes a round its
// rule would not have.
const ConveneEnvoy = "the envoy judges the moment right"

// playConvene asks the player playing the mediator whether to convene:
// every week the rule would (ready), and every PolicyWeeks weeks when it
// would wait but a text could be tabled.
func (e *engine) playConvene(ready bool, why string) (bool, string) {
	w := &e.w
	if !ready && (w.Date.Before(e.conveneDue) || !e.m.Mediator.Open(w)) {
		return false, ""
	}
	e.conveneDue = w.Date.AddDate(0, 0, 7*PolicyWeeks)
	sit := e.war(w.Date)
	sit.Why = why
	sit.Willing = [2]float64{w.Parties[Gov].Willingness, w.Parties[UTO].Willingness}
	if !w.LastMeetingEnd.IsZero() {
		sit.WeeksSinceMeeting = max(0, -w.WeeksTo(w.LastMeetingEnd))
	}
	if !e.opt.Player.Convene(sit, ready) {
		return false, ""
	}
	if !ready {
		why = ConveneEnvoy
	}
	return true, why
}

// playPlace asks the player playing the mediator where to place the
// draft-th text of this sitting on issue; x is the rule's point, est its
// estimates of the margins of the parties at the table.
func (e *engine) playPlace(mt *Meeting, date time.Time, issue, draft int, x float64, est []float64) float64 {
	w := &e.w
	sit := e.war(date)
	sit.Venue, sit.Meeting, sit.Draft = mt.Venue, mt.Kind, draft
	sit.Issue, sit.IssueName, sit.Text = e.sc.Agenda[issue].ID, e.sc.Agenda[issue].Name, x
	sit.Willing = [2]float64{w.Parties[Gov].Willingness, w.Parties[UTO].Willingness}
	for k, i := range e.m.Table {
		if i == Gov || i == UTO {
			sit.Ideals[i] = e.m.Parties[i].Ideal(w, issue)
			sit.Reach[i] = est[k]
		}
	}
	return max(0, min(1, e.opt.Player.Place(sit, x)))
}

// policySituation describes the world as the played observer sees it.
func (e *engine) policySituation(obs int) Situation {
	w := &e.w
	st := &w.Observers[obs]
	sit := e.war(w.Date)
	sit.Stance, sit.Interest, sit.Taliban, sit.BorderCost, sit.Instability = st.Stance, st.Interest, w.Taliban, w.BorderCost, w.Instability
	sit.Willing = [2]float64{w.Parties[Gov].Willingness, w.Parties[UTO].Willingness}
	return sit
}

// war is what every situation shows: the date, the contested districts,
// the ceasefire and the texts signed.
func (e *engine) war(date time.Time) Situation {
	w := &e.w
	sit := Situation{Date: date, Control: w.Control, Ceasefire: "none"}
	switch {
	case w.Ceasefire.Collapsed:
		sit.Ceasefire = "collapsed"
	case w.Ceasefire.InForce:
		sit.Ceasefire = "in force"
	}
	for i, is := range w.Issues {
		if is.Signed {
			sit.Signed = append(sit.Signed, e.sc.Agenda[i].ID)
		}
	}
	return sit
}

// playPolicy asks the player playing observer obs for its stance every
// PolicyWeeks weeks, and holds it in between.
func (e *engine) playPolicy(obs int) {
	w := &e.w
	if e.policyDue.IsZero() || !w.Date.Before(e.policyDue) {
		e.policyDue = w.Date.AddDate(0, 0, 7*PolicyWeeks)
		e.policy, e.policyKeep = e.opt.Player.Stance(e.policySituation(obs), w.Observers[obs].Stance)
		e.policy = max(-1, min(1, e.policy))
	}
	if !e.policyKeep {
		w.Observers[obs].Stance = e.policy
	}
}

// situation describes the world as the played party sees it.
func (e *engine) situation(mt *Meeting, date time.Time, issue, draft int, x float64) Situation {
	w, p := &e.w, e.opt.Player.Party()
	s := &w.Parties[p]
	sit := e.war(date)
	sit.Venue, sit.Meeting, sit.Draft = mt.Venue, mt.Kind, draft
	sit.Willingness, sit.Prospect, sit.Strength, sit.Resources, sit.Pressure = s.Willingness, s.Prospect, s.Strength, s.Resources, s.Pressure()
	if issue >= 0 {
		sit.Issue, sit.IssueName = e.sc.Agenda[issue].ID, e.sc.Agenda[issue].Name
		sit.Text = x
		sit.Ideal = e.m.Parties[p].Ideal(w, issue)
		sit.Limit = e.m.Parties[p].Tolerance(w, p, issue)
	}
	return sit
}
