package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// HashParams are used for new hashes. 64 MiB, one pass, two lanes is the
// RFC 9106 "second recommended" profile scaled to a 2-core server: roughly
// 50–100 ms per hash. Existing hashes keep the parameters written in them,
// so raising these later does not lock anyone out.
//
// Tests lower it (once, before any test runs in parallel) so that a suite
// creating many users stays fast; production code never writes it.
var HashParams = Params{Memory: 64 * 1024, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32}

// TestHashParams are cheap parameters for tests only.
var TestHashParams = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// Limits on parameters read back from a stored hash: a tampered row must not
// make the server allocate gigabytes or spin for minutes on a login.
const (
	maxMemory  = 1 << 20 // 1 GiB in KiB
	maxTime    = 16
	maxKeyLen  = 128
	maxSaltLen = 64
)

var b64 = base64.RawStdEncoding // the PHC string format's alphabet, no padding

// errMalformedHash is internal: a stored hash we cannot read is our bug or
// tampering, never the user's fault.
var errMalformedHash = errors.New("account: malformed password hash")

// HashPassword returns pw hashed with argon2id in PHC string format:
// $argon2id$v=19$m=65536,t=1,p=2$<salt>$<hash>.
func HashPassword(pw string) (string, error) { return HashParams.Hash(pw) }

// Hash returns pw hashed with argon2id under p, in PHC string format.
func (p Params) Hash(pw string) (string, error) {
	if p.Memory == 0 || p.Time == 0 || p.Threads == 0 || p.SaltLen < 8 || p.KeyLen < 16 {
		return "", fmt.Errorf("account: unusable hash params %+v", p)
	}
	salt := make([]byte, p.SaltLen)
	rand.Read(salt) // never fails since Go 1.24: it crashes the program instead
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches hash. A hash that cannot be
// parsed is an error, not a mismatch, so that corruption is noticed.
func CheckPassword(hash, pw string) (bool, error) {
	p, salt, key, err := parseHash(hash)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether hash was made with parameters other than the
// current HashParams (or cannot be read), so it should be replaced on the
// next successful login.
func NeedsRehash(hash string) bool {
	p, salt, _, err := parseHash(hash)
	if err != nil {
		return true
	}
	c := HashParams
	return p.Memory != c.Memory || p.Time != c.Time || p.Threads != c.Threads ||
		p.KeyLen != c.KeyLen || uint32(len(salt)) != c.SaltLen
}

func parseHash(hash string) (p Params, salt, key []byte, err error) {
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, key
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errMalformedHash
	}
	var version int
	if n, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || n != 1 || parts[2] != fmt.Sprintf("v=%d", version) {
		return p, nil, nil, errMalformedHash
	} else if version != argon2.Version {
		return p, nil, nil, fmt.Errorf("%w: unsupported argon2 version %d", errMalformedHash, version)
	}
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil || n != 3 ||
		parts[3] != fmt.Sprintf("m=%d,t=%d,p=%d", p.Memory, p.Time, p.Threads) {
		return p, nil, nil, errMalformedHash
	}
	if p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory || p.Time == 0 || p.Time > maxTime || p.Threads == 0 {
		return p, nil, nil, fmt.Errorf("%w: parameters out of range", errMalformedHash)
	}
	if salt, err = b64.Strict().DecodeString(parts[4]); err != nil || len(salt) < 8 || len(salt) > maxSaltLen {
		return p, nil, nil, errMalformedHash
	}
	if key, err = b64.Strict().DecodeString(parts[5]); err != nil || len(key) < 16 || len(key) > maxKeyLen {
		return p, nil, nil, errMalformedHash
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}
