// Package sweep lays out a parameter sweep: the Cartesian grid of the varied
// parameters, N seeded replicates per grid point, the seeding scheme that
// lets any run be re-run alone, the canonical row of a run in runs.csv, and
// the per-point aggregation in points.csv. Data flows: grid -> (point,
// replicate) -> a run of the model -> its row -> the point's summary. Points
// are summarised from their formatted rows, so a resumed sweep, a merge of
// shards and an uninterrupted sweep write the same bytes.
package sweep
