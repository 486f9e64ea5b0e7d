package postgres

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

func TestSealerRoundTrip(t *testing.T) {
	t.Parallel()
	s, err := newSealer(testDataKey)
	if err != nil {
		t.Fatal(err)
	}
	pt := []byte(`{"name":"Rosa","email":"rosa@example.org"}`)
	a, b := s.seal(pt, adContact+"row-1"), s.seal(pt, adContact+"row-1")
	if bytes.Equal(a, b) {
		t.Error("two seals of one value are equal: the nonce is not fresh")
	}
	if bytes.Contains(a, []byte("rosa@example.org")) {
		t.Error("plaintext visible in the sealed value")
	}
	if got, err := s.open(a, adContact+"row-1"); err != nil || !bytes.Equal(got, pt) {
		t.Fatalf("open = %q, %v", got, err)
	}
	if len(a) != 1+12+len(pt)+16 {
		t.Errorf("sealed length %d, want format byte + 96-bit nonce + plaintext + tag", len(a))
	}

	other, _ := newSealer(bytes.Repeat([]byte{7}, DataKeySize))
	tampered := bytes.Clone(a)
	tampered[len(tampered)-1] ^= 1
	reformatted := bytes.Clone(a)
	reformatted[0] = 9
	for name, open := range map[string]func() ([]byte, error){
		"wrong key":      func() ([]byte, error) { return other.open(a, adContact+"row-1") },
		"other row":      func() ([]byte, error) { return s.open(a, adContact+"row-2") },
		"other column":   func() ([]byte, error) { return s.open(a, adToken+"row-1") },
		"tampered":       func() ([]byte, error) { return s.open(tampered, adContact+"row-1") },
		"unknown format": func() ([]byte, error) { return s.open(reformatted, adContact+"row-1") },
		"truncated":      func() ([]byte, error) { return s.open(a[:10], adContact+"row-1") },
		"empty":          func() ([]byte, error) { return s.open(nil, adContact+"row-1") },
	} {
		if got, err := open(); err == nil {
			t.Errorf("%s: opened to %q", name, got)
		}
	}
}

func TestNewIntakeStoreRejectsBadKeys(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 16, 24, 31, 33, 64} {
		if _, err := NewIntakeStore(nil, make([]byte, n)); err == nil {
			t.Errorf("a %d-byte key was accepted", n)
		}
	}
	if _, err := NewIntakeStore(nil, testDataKey); err != nil {
		t.Errorf("a 32-byte key: %v", err)
	}
}

func TestParseDataKey(t *testing.T) {
	t.Parallel()
	k := NewDataKey()
	key, err := ParseDataKey(k)
	if err != nil || len(key) != DataKeySize {
		t.Fatalf("ParseDataKey(NewDataKey()) = %d bytes, %v", len(key), err)
	}
	if k2 := NewDataKey(); k2 == k {
		t.Error("NewDataKey repeats itself")
	}
	raw := bytes.Repeat([]byte{0xfb}, DataKeySize) // '+' and '/' in std, '-' and '_' in URL base64
	for _, s := range []string{
		base64.StdEncoding.EncodeToString(raw), base64.RawStdEncoding.EncodeToString(raw),
		base64.URLEncoding.EncodeToString(raw), " " + base64.RawURLEncoding.EncodeToString(raw) + "\n",
	} {
		if got, err := ParseDataKey(s); err != nil || !bytes.Equal(got, raw) {
			t.Errorf("ParseDataKey(%q) = %x, %v", s, got, err)
		}
	}
	short := base64.StdEncoding.EncodeToString([]byte("sixteen byte key"))
	for _, s := range []string{"", short, "not base64 at all!"} {
		_, err := ParseDataKey(s)
		if err == nil {
			t.Errorf("ParseDataKey(%q) accepted", s)
		} else if s != "" && strings.Contains(err.Error(), s) {
			t.Errorf("the error repeats the secret: %v", err)
		}
	}
}
