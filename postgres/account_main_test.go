package postgres

import (
	"testing"

	"callmatch/devstack/pgtest"
)

// TestMain is the package's only one (Go allows one per package): every
// store test here, accounts and vendors alike, gets its database from pgtest.
func TestMain(m *testing.M) { pgtest.Main(m) }
