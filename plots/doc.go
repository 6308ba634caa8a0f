// Package plots will draw the figures of a run or an ensemble against the
// historical sequence with gonum.org/v1/plot: pure functions from results
// (summary tables, runs, per-step traces) to figures, with no simulation
// inside. It is empty until the plotting issue (#3) lands; outputs written by
// `tajikpeace run` (summary.json, runs.csv, steps.csv) are its inputs.
package plots
