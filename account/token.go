package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// APITokenPrefix starts every bearer API token as handed to a client, so
// that tokens are recognisable in a secret scanner and distinguishable from
// a campaign's private link token. The stored hash is of the rest.
const APITokenPrefix = "cmt_"

// tokenBytes of randomness make a token unguessable; 32 bytes is far past
// what any online or offline search could cover.
const tokenBytes = 32

// NewToken returns a fresh secret for a session or an API token: the plain
// text to hand to the client once, and the SHA-256 hash to store. A fast hash
// is enough here, unlike for passwords, because the secret is random and
// long: there is no dictionary to try.
func NewToken() (plain string, hash []byte) {
	b := make([]byte, tokenBytes)
	rand.Read(b) // never fails since Go 1.24: it crashes the program instead
	plain = base64.RawURLEncoding.EncodeToString(b)
	return plain, HashToken(plain)
}

// HashToken returns the stored form of a token presented by a client.
func HashToken(plain string) []byte {
	sum := sha256.Sum256([]byte(plain))
	return sum[:]
}
