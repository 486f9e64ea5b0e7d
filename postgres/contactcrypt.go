package postgres

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// DataKeySize is the length of the field-encryption key: AES-256.
const DataKeySize = 32

// sealFormat is the first byte of every sealed value. It names the key and
// scheme, so that a future key rotation can tell old values from new ones
// without guessing.
const sealFormat byte = 1

// Additional data for each kind of sealed value. It binds a ciphertext to
// its row and its column: one copied over another row's, or from the
// contact column to the token column, fails to open instead of decrypting
// into the wrong campaign's details.
const (
	adContact = "callmatch/intake.contact/v1:"
	adToken   = "callmatch/intake.token/v1:"
)

// sealer encrypts personal data with AES-256-GCM. Every value gets a fresh
// random 96-bit nonce; at one nonce per intake write, the birthday bound of
// 2^32 messages per key is out of reach.
type sealer struct {
	aead cipher.AEAD
}

func newSealer(key []byte) (*sealer, error) {
	if len(key) != DataKeySize {
		return nil, fmt.Errorf("data key must be %d bytes, got %d", DataKeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("data key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("data key: %w", err)
	}
	return &sealer{aead: aead}, nil
}

// seal returns format byte ‖ nonce ‖ ciphertext and tag.
func (s *sealer) seal(plaintext []byte, ad string) []byte {
	ns := s.aead.NonceSize()
	out := make([]byte, 1+ns, 1+ns+len(plaintext)+s.aead.Overhead())
	out[0] = sealFormat
	rand.Read(out[1:]) // never fails since Go 1.24
	return s.aead.Seal(out, out[1:1+ns], plaintext, []byte(ad))
}

// errUnsealable hides why opening failed: to a caller a wrong key, a
// tampered value and a value moved between rows are all the same fault.
var errUnsealable = errors.New("sealed value cannot be opened with this data key (wrong key, or altered or moved)")

func (s *sealer) open(sealed []byte, ad string) ([]byte, error) {
	ns := s.aead.NonceSize()
	if len(sealed) < 1+ns+s.aead.Overhead() || sealed[0] != sealFormat {
		return nil, errUnsealable
	}
	pt, err := s.aead.Open(nil, sealed[1:1+ns], sealed[1+ns:], []byte(ad))
	if err != nil {
		return nil, errUnsealable
	}
	return pt, nil
}

// ParseDataKey decodes CALLMATCH_DATA_KEY: 32 bytes in base64 (standard or
// URL alphabet, padded or not). The error never repeats the value.
func ParseDataKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("CALLMATCH_DATA_KEY is not set; generate one with: openssl rand -base64 32")
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if key, err := enc.DecodeString(s); err == nil {
			if len(key) != DataKeySize {
				return nil, fmt.Errorf("CALLMATCH_DATA_KEY must decode to %d bytes, got %d", DataKeySize, len(key))
			}
			return key, nil
		}
	}
	return nil, errors.New("CALLMATCH_DATA_KEY is not base64")
}

// NewDataKey returns a fresh random key in the form ParseDataKey reads, for
// `callmatch dev` to write into its data directory.
func NewDataKey() string {
	key := make([]byte, DataKeySize)
	rand.Read(key)
	return base64.StdEncoding.EncodeToString(key)
}
