package account

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"testing"
)

func TestNewToken(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 100 {
		plain, hash := NewToken()
		raw, err := base64.RawURLEncoding.DecodeString(plain)
		if err != nil || len(raw) != 32 {
			t.Fatalf("plain %q: not 32 bytes of base64url (%v)", plain, err)
		}
		sum := sha256.Sum256([]byte(plain))
		if !bytes.Equal(hash, sum[:]) || !bytes.Equal(HashToken(plain), hash) {
			t.Fatalf("hash of %q is not SHA-256 of the plain text", plain)
		}
		if seen[plain] {
			t.Fatalf("token %q repeated", plain)
		}
		seen[plain] = true
	}
	if bytes.Equal(HashToken("a"), HashToken("b")) {
		t.Fatal("different tokens hash alike")
	}
}
