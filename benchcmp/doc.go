// Package benchcmp measures the matching engine against the two ways a
// team would otherwise answer "who can run this program": the same
// knockouts and SAW ranking as one SQL query over the real PostgreSQL
// schema (query.sql), and the knockouts Meilisearch can express as a
// filter over the search index's documents, sorted by price. All three run
// on the same demo catalog and intake. The comparison is only worth its
// figures if the answers agree, so it checks that the engine and the SQL
// find the same eligible vendors with the same scores, and that the
// filter lets every eligible vendor through.
//
// It is a package of its own, not a benchmark in matching, because it
// needs PostgreSQL and Meilisearch, which the pure engine must never
// import. `make bench` runs it (TestComparison); TestAgreement holds the
// SQL to the engine on every demo intake in `make test`.
package benchcmp
