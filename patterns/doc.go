// Package patterns is what a calibration asks the model to reproduce: the
// dated milestones, the historical order, the agreed terms, the ceasefire's
// collapse and restoration, and patterns the sources state in words (when
// Russia's turn toward pressing for peace begins; the opposition's offensive
// of early 1996, in the middle of the talks), each with the passage it comes
// from and a documented weight (docs/model.md, section 13).
//
// Data flow: a Target is built from the historical record (History) or from
// the ensemble of a saved run (FromResults: a synthetic "history" whose
// parameters are known). Target.Distance reduces a simulated ensemble to one
// number, the weighted root mean square of each pattern's error in its own
// unit, capped, with a Breakdown per pattern. Patterns are read from the
// runs and the record only: nothing here is ever an input of the model.
package patterns
