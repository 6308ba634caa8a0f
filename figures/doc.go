// Package figures draws what a study wrote. It turns a run's output
// directory, a comparison, a sweep's points.csv, a calibration or a
// sensitivity analysis into the inputs of package plots, and writes the
// figures beside the data under their file names.
//
// It is the layer between the studies and the command: data flows
// scenario -> model (sim, agents) -> results -> studies -> figures ->
// command. Package plots stays a set of pure functions of its inputs that
// cannot reach the engine; this package is where results meet plots, so
// the command line and any other front end (the classroom page) draw the
// same figures from the same files.
package figures
