package account

import (
	"os"
	"testing"
)

// Cheap hashing for the whole package; TestHashProductionParams checks the
// real parameters once.
func TestMain(m *testing.M) {
	HashParams = TestHashParams
	os.Exit(m.Run())
}
