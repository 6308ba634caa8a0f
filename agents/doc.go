// Package agents holds the actors of the model and their decision rules:
// the two parties at the table (party.go: whether to accept, reject or
// amend a text, read from willingness, cohesion, leaders and the war), the
// observer states (observer.go: a stance between arming a client and
// pressing for peace, moved by threats, costs and events), the UN mediator
// (mediator.go: when to convene and the compromise text it drafts; which
// side drafts is the scenario's offer.drafter, applied by the engine) and the
// battlefield (battlefield.go).
//
// New turns a validated scenario (package scenarios) into a sim.Model; the
// engine (package sim) calls the rules each step. Each rule is meant to be
// read on its own and explained to a class; docs/model.md gives the
// passage of the sources behind every one of them.
package agents
