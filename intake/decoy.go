package intake

import (
	"crypto/rand"
	"encoding/hex"

	"callmatch/account"
)

// Decoy returns an intake id and a private link token shaped exactly like
// a stored submission's (a version 4 UUID, a token from account.NewToken),
// for answering a bot that filled in the honeypot as if its form had been
// stored: any difference from a real answer would tell it apart.
func Decoy() (id, token string) {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	h := hex.EncodeToString(b[:])
	token, _ = account.NewToken()
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], token
}
