package store

// PBGroupCommits reports how many ballot group commits ran and how many
// ballots they carried, for the benchmark.
func PBGroupCommits() (commits, ballots int64) { return pbCommits.Load(), pbCommitted.Load() }
