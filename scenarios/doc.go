// Package scenarios reads, checks and resolves scenario files: the actors,
// parameters, exogenous events and (optionally) the calendar of rounds a
// run plays. Outcomes are never inputs.
//
// Load resolves a built-in name or a file: `extends` chains are followed
// (beside the extending file), --set overrides applied, and the result
// decoded strictly — an unknown key, a value out of range or of the wrong
// type is an error naming the file, the key path and the line. A Resolved
// scenario keeps its YAML and a hash of every file it came from, for the
// manifest. A Template reads a file once and makes many scenarios from it
// with different overrides (calibration, sweeps). The built-in scenarios
// and posteriors are embedded in the binary (builtin/, posteriors/).
package scenarios
