// Package studies runs studies of the model from Go code: the calibration
// of its parameters by sequential approximate Bayesian computation
// (CalibrateSMC), and ensembles whose runs draw their parameters from a
// posterior (Posterior, PosteriorEnsemble). The command's other studies
// (sweeps, comparisons, sensitivity) are to follow them out of package main
// (issue #13).
//
// Data flow. Calibration: a scenario template and the parameters to fit,
// with their priors (Param), go in with a target (package patterns) and
// SMCSettings; each parameter set abc proposes becomes --set overrides of
// the template, a model, and an ensemble of seeded runs, reduced to its
// distance from the target; the result is abc's sequence of populations.
// Posterior ensembles: a posterior.csv (LoadPosterior) gives weighted
// parameter sets; run i of an ensemble takes the set Draw(seed, i) picks
// with its own stream, so the result depends on the seed only, not on the
// workers, the shard or the scenario. Nothing is printed or written here:
// the command does that.
package studies
