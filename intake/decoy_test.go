package intake

import (
	"regexp"
	"testing"

	"callmatch/account"
)

// A decoy looks like a real submission: a version 4 UUID as id (as the
// database makes them) and a token of the real length, different each time.
func TestDecoyLooksReal(t *testing.T) {
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	real, _ := account.NewToken()
	id, token := Decoy()
	id2, token2 := Decoy()
	if !uuid.MatchString(id) || len(token) != len(real) || id == id2 || token == token2 {
		t.Errorf("decoys %s %q, %s %q; a real token is %d characters", id, token, id2, token2, len(real))
	}
}
