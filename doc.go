// Package tajikpeace is the module's root: an agent-based simulation of the
// 1992-1997 inter-Tajik peace process. The code is in its packages, in the
// order data flows through them: history and paramtable (the record and the
// parameter table), scenarios, sim and agents (the model), summary,
// patterns, sweep and results (what runs give), studies (ensembles, sweeps,
// comparisons, calibration, sensitivity), plots, and the command,
// cmd/tajikpeace. The tests of this package check the whole: the replay of
// history, the cliffs, the fit under the posterior, the layering and the
// guard against fused multiply-adds.
package tajikpeace
