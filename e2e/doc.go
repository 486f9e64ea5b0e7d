// Package e2e holds fault tests that need the whole product at once: real
// PostgreSQL, stripe-mock and Meilisearch processes from devstack, the API,
// and for some the callmatch binary itself, run as separate processes. They
// check the claim that no acknowledged write is ever lost. `make
// test-faults` runs them together with the fault tests that live beside
// the code they test (see BENCHMARKS.md, "Faults").
package e2e
