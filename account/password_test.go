package account

import (
	"fmt"
	"strings"
	"testing"
)

func TestHashPasswordRoundTrip(t *testing.T) {
	t.Parallel()
	hash, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q is not a PHC argon2id string with the current params", hash)
	}
	for pw, want := range map[string]bool{
		"correct horse battery staple":  true,
		"correct horse battery staplE":  false,
		"":                              false,
		"correct horse battery staple ": false,
	} {
		got, err := CheckPassword(hash, pw)
		if err != nil || got != want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", pw, got, err, want)
		}
	}
	again, _ := HashPassword("correct horse battery staple")
	if again == hash {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

// The production parameters are what the PHC string says, and a hash made
// with them still verifies after HashParams changes (old users keep access).
func TestHashProductionParams(t *testing.T) {
	old := HashParams
	HashParams = Params{Memory: 64 * 1024, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32}
	hash, err := HashPassword("a long enough password")
	HashParams = old
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=65536,t=1,p=2$") {
		t.Fatalf("hash = %q", hash)
	}
	if ok, err := CheckPassword(hash, "a long enough password"); !ok || err != nil {
		t.Fatalf("CheckPassword = %v, %v", ok, err)
	}
	if !NeedsRehash(hash) {
		t.Error("NeedsRehash = false for a hash made with other params")
	}
}

func TestCheckPasswordTampered(t *testing.T) {
	t.Parallel()
	hash, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(hash, "$")
	salt, key := parts[4], parts[5]
	flip := func(s string) string { // change one character, keeping base64
		if s[0] == 'A' {
			return "B" + s[1:]
		}
		return "A" + s[1:]
	}
	tests := []struct {
		name    string
		hash    string
		wantErr bool // else: parses but must not match
	}{
		{"empty", "", true},
		{"bcrypt", "$2a$10$abcdefghijklmnopqrstuuJ3J0Jh8x6Hh2Q8b9PqUQbSxFZ0lI5nG", true},
		{"argon2i", strings.Replace(hash, "argon2id", "argon2i", 1), true},
		{"version 16", strings.Replace(hash, "v=19", "v=16", 1), true},
		{"no version", strings.Replace(hash, "$v=19", "", 1), true},
		{"params reordered", fmt.Sprintf("$argon2id$v=19$t=1,m=64,p=1$%s$%s", salt, key), true},
		{"params junk", fmt.Sprintf("$argon2id$v=19$m=64,t=1,p=1,x=2$%s$%s", salt, key), true},
		{"zero time", fmt.Sprintf("$argon2id$v=19$m=64,t=0,p=1$%s$%s", salt, key), true},
		{"huge memory", fmt.Sprintf("$argon2id$v=19$m=99999999,t=1,p=1$%s$%s", salt, key), true},
		{"salt not base64", fmt.Sprintf("$argon2id$v=19$m=64,t=1,p=1$%s$%s", "!!"+salt, key), true},
		{"key padded", hash + "==", true},
		{"short key", fmt.Sprintf("$argon2id$v=19$m=64,t=1,p=1$%s$%s", salt, key[:8]), true},
		{"extra field", hash + "$x", true},
		{"other salt", fmt.Sprintf("$argon2id$v=19$m=64,t=1,p=1$%s$%s", flip(salt), key), false},
		{"other key", fmt.Sprintf("$argon2id$v=19$m=64,t=1,p=1$%s$%s", salt, flip(key)), false},
		{"other cost", fmt.Sprintf("$argon2id$v=19$m=128,t=1,p=1$%s$%s", salt, key), false},
	}
	for _, tt := range tests {
		ok, err := CheckPassword(tt.hash, "correct horse battery staple")
		if ok {
			t.Errorf("%s: CheckPassword accepted a tampered hash", tt.name)
		}
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: err = %v, want error %v", tt.name, err, tt.wantErr)
		}
	}
}

func TestHashPasswordRefusesUnusableParams(t *testing.T) {
	old := HashParams
	defer func() { HashParams = old }()
	HashParams = Params{}
	if _, err := HashPassword("whatever it is here"); err == nil {
		t.Fatal("HashPassword with zero params succeeded")
	}
}
