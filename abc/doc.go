// Package abc fits a simulator's parameters to a target by approximate
// Bayesian computation with sequential Monte Carlo (ABC population Monte
// Carlo, Beaumont et al. 2009, with an adaptive tolerance).
//
// Data flow: the caller gives a Prior (a box of uniform ranges), a Distance
// (simulate at θ with a given seed, return the distance to the target) and
// Settings; SMC returns the sequence of weighted populations, each within a
// smaller tolerance, the last of which is the posterior sample, with the
// effective sample size and the number of simulations of each. It knows
// nothing of the tajikpeace model: the calibrate command supplies the
// simulator and the distance (issue #11 wires it in).
//
// Results are byte-identical for a seed whatever the number of workers:
// every proposal draws from its own stream, keyed by the master seed, the
// generation, the particle and the attempt, and the arithmetic rounds every
// product (internal/detmath says why).
package abc
