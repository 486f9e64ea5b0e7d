package account

import (
	"strings"
	"testing"
	"time"
)

// The Authenticator itself is tested against the real store in
// postgres/account_auth_test.go; these are its pure pieces.

func TestLoginIPKey(t *testing.T) {
	t.Parallel()
	for ip, want := range map[string]string{
		"":                          "",
		"192.0.2.1":                 "login:ip:192.0.2.1",
		" 192.0.2.1 ":               "login:ip:192.0.2.1",
		"::ffff:192.0.2.1":          "login:ip:192.0.2.1", // IPv4 seen through an IPv6 socket
		"2001:db8:1:2:3:4:5:6":      "login:ip:2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1":      "login:ip:2001:db8:1:2::/64",
		"2001:db8:1:3::1":           "login:ip:2001:db8:1:3::/64",
		"fe80::1%eth0":              "login:ip:fe80::/64",
		"unknown":                   "login:ip:?",
		strings.Repeat("x", 10_000): "login:ip:?",
	} {
		got := loginIPKey(ip)
		if strings.HasSuffix(want, "?") {
			if !strings.HasPrefix(got, want) || len(got) > 50 {
				t.Errorf("loginIPKey(%.20q) = %q, want a short hashed key", ip, got)
			}
		} else if got != want {
			t.Errorf("loginIPKey(%q) = %q, want %q", ip, got, want)
		}
	}
}

func TestLoginPairKey(t *testing.T) {
	t.Parallel()
	k := loginPairKey("ann@example.org", "login:ip:192.0.2.1")
	if strings.Contains(k, "ann") || strings.Contains(k, "192") || k != loginPairKey("ann@example.org", "login:ip:192.0.2.1") ||
		k == loginPairKey("bob@example.org", "login:ip:192.0.2.1") || k == loginPairKey("ann@example.org", "login:ip:192.0.2.2") {
		t.Errorf("loginPairKey = %q: must be stable, distinct per account and address, and hold neither", k)
	}
}

// Five failures are free (typos); then the wait doubles from 15 seconds to
// at most 15 minutes.
func TestLoginDelay(t *testing.T) {
	t.Parallel()
	a := NewAuthenticator(nil, nil)
	for n, want := range map[int]time.Duration{0: 0, 4: 0, 5: 15 * time.Second, 6: 30 * time.Second, 7: time.Minute,
		10: 8 * time.Minute, 11: 15 * time.Minute, 12: 15 * time.Minute, 1000: 15 * time.Minute} {
		if got := a.loginDelay(n); got != want {
			t.Errorf("loginDelay(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestHumanWait(t *testing.T) {
	t.Parallel()
	for secs, want := range map[int]string{1: "1 second", 2: "2 seconds", 59: "59 seconds", 60: "a minute", 119: "a minute", 120: "2 minutes", 899: "15 minutes"} {
		if got := humanWait(secs); got != want {
			t.Errorf("humanWait(%d) = %q, want %q", secs, got, want)
		}
	}
}
