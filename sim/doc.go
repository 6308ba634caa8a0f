// Package sim is the engine: the clock, the rounds, the events and the
// recording of one run of the inter-Tajik peace process.
//
// A Model (built from a scenario by package agents) holds the parties, the
// observer states, the mediator and the battlefield behind small interfaces
// (world.go). Run plays it week by week over the scenario's span: exogenous
// events arrive on their dates; each step the battlefield moves and the
// observers push, supply or abandon their clients (pressure); when the
// mediator convenes a round — on the historical calendar, or by its own
// rules on the endogenous one — the mediator tables texts and the parties
// accept, reject or amend them (offer). What happens is recorded in a
// Result: the date each milestone was reached and its agreed terms, and,
// when asked (Options), the readable event log and the per-step state.
//
// The engine is split by concern: engine.go (the model, a run, the weekly
// loop and the events), calendar.go (which meetings take place and when the
// envoy convenes one), negotiate.go (the offer protocol, signing, the watch
// for a dead end), ceasefire.go (entry into force, extension, collapse),
// narrate.go (the event log's sentences), result.go (what a run records),
// world.go (the state agents read and the interfaces they implement),
// ensemble.go and rng.go.
//
// Randomness comes only from Stream: one ChaCha8 stream per (master seed,
// run index, purpose), so any run can be replayed alone and results never
// depend on the number of workers (Ensemble, Ordered). Floating point
// avoids fused multiply-adds and the standard library's transcendental
// functions (internal/detmath), so a seed gives the same bytes on every
// machine.
package sim
