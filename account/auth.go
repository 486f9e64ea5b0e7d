package account

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"callmatch"
)

// MaxAPITokenTTL is the longest an API token may live: a leaked token must
// stop working on its own eventually.
const MaxAPITokenTTL = 365 * 24 * time.Hour

// Authenticator signs users in and out and turns presented secrets (session
// cookies, bearer tokens) into users. Configure the exported fields before
// first use; NewAuthenticator sets the defaults.
type Authenticator struct {
	Store   Store
	Limiter Limiter
	Now     func() time.Time

	SessionTTL  time.Duration // how long a login lasts
	APITokenTTL time.Duration // lifetime of an API token issued without one

	// Failed logins allowed per LoginWindow, per account and per client IP.
	// The IP limit is higher because offices and campaigns share addresses.
	AccountAttempts int
	IPAttempts      int
	LoginWindow     time.Duration

	// hashing bounds concurrent argon2id work: each hash holds
	// HashParams.Memory (64 MiB), so a burst of logins must queue rather
	// than exhaust the server's memory.
	hashing chan struct{}

	dummyOnce sync.Once
	dummy     string
	dummyErr  error
}

// NewAuthenticator returns an Authenticator with the production defaults.
func NewAuthenticator(s Store, l Limiter) *Authenticator {
	a := &Authenticator{
		Store:           s,
		Limiter:         l,
		Now:             time.Now,
		SessionTTL:      12 * time.Hour,
		APITokenTTL:     90 * 24 * time.Hour,
		AccountAttempts: 5,
		IPAttempts:      20,
		LoginWindow:     15 * time.Minute,
		hashing:         make(chan struct{}, max(2, runtime.GOMAXPROCS(0))),
	}
	// Made now rather than on the first unknown email, which would otherwise
	// take twice as long as any other failed login. An error is kept and
	// reported by Login.
	_, _ = a.dummyHash()
	return a
}

// errWrongCredentials is the same for an unknown email and a wrong password,
// so that the answer does not tell which accounts exist. A fresh value each
// time: a caller decorating one error must not change the next.
func errWrongCredentials() error {
	return &callmatch.Error{Code: callmatch.EUNAUTHORIZED, Message: "email or password is wrong"}
}

// Login checks email and password and opens a session, returning the plain
// session token for the cookie. Attempts are counted per account and per IP
// before the password is checked: a caller over either limit gets
// rate_limited without any password work, and an unknown email costs the
// same hashing as a known one.
func (a *Authenticator) Login(ctx context.Context, email, password, ip string) (user *User, sessionToken string, expires time.Time, err error) {
	now := a.Now()
	email = NormalizeEmail(email)
	accountKey, ipKey := loginAccountKey(email), loginIPKey(ip)

	// IP first: a sprayer cycling through many emails from one address is
	// stopped without touching (and locking) each account's counter.
	if ipKey != "" {
		if err := a.hit(ctx, ipKey, a.IPAttempts, now); err != nil {
			return nil, "", time.Time{}, err
		}
	}
	if err := a.hit(ctx, accountKey, a.AccountAttempts, now); err != nil {
		return nil, "", time.Time{}, err
	}

	u, err := a.Store.FindUserByEmail(ctx, email)
	if callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
		u, err = nil, nil
	} else if err != nil {
		return nil, "", time.Time{}, err
	}
	hash, err := a.dummyHash()
	if err != nil {
		return nil, "", time.Time{}, err
	}
	if u != nil {
		hash = u.PasswordHash
	}
	ok, err := a.checkPassword(ctx, hash, password)
	if err != nil {
		return nil, "", time.Time{}, err
	} else if u == nil || !ok {
		return nil, "", time.Time{}, errWrongCredentials()
	}

	// Success: the account starts afresh and this attempt no longer counts
	// against the address.
	if err := a.Limiter.Reset(ctx, accountKey); err != nil {
		return nil, "", time.Time{}, err
	}
	if ipKey != "" {
		if err := a.Limiter.Forgive(ctx, ipKey, a.LoginWindow, now); err != nil {
			return nil, "", time.Time{}, err
		}
	}

	plain, tokenHash := NewToken()
	expires = now.Add(a.SessionTTL)
	if err := a.Store.CreateSession(ctx, u.ID, tokenHash, expires); err != nil {
		return nil, "", time.Time{}, err
	}
	return u, plain, expires, nil
}

// Logout closes the session; an unknown or empty token is not an error.
func (a *Authenticator) Logout(ctx context.Context, sessionToken string) error {
	if sessionToken == "" {
		return nil
	}
	return a.Store.DeleteSession(ctx, HashToken(sessionToken))
}

// UserForSession returns the user of an open session, or unauthorized.
func (a *Authenticator) UserForSession(ctx context.Context, sessionToken string) (*User, error) {
	if sessionToken == "" {
		return nil, callmatch.Errorf(callmatch.EUNAUTHORIZED, "Sign in first.")
	}
	u, err := a.Store.FindUserBySession(ctx, HashToken(sessionToken), a.Now())
	if callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
		return nil, callmatch.Errorf(callmatch.EUNAUTHORIZED, "Your session has ended; sign in again.")
	}
	return u, err
}

// UserForAPIToken returns the user of an unexpired API token, or unauthorized.
func (a *Authenticator) UserForAPIToken(ctx context.Context, token string) (*User, error) {
	if token == "" {
		return nil, callmatch.Errorf(callmatch.EUNAUTHORIZED, "An API token is required.")
	}
	u, err := a.Store.FindUserByAPIToken(ctx, HashToken(token), a.Now())
	if callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
		return nil, callmatch.Errorf(callmatch.EUNAUTHORIZED, "The API token is unknown or has expired.")
	}
	return u, err
}

// IssueAPIToken creates a bearer token for userID. The plain token is
// returned once and only its hash is kept. A zero ttl means APITokenTTL.
func (a *Authenticator) IssueAPIToken(ctx context.Context, userID, name string, ttl time.Duration) (plain string, expires time.Time, err error) {
	var fe callmatch.FieldErrors
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n < 1 || n > 100 {
		fe.Add("name", "must be 1 to 100 characters: say where the token is used")
	}
	if ttl == 0 {
		ttl = a.APITokenTTL
	}
	if ttl < time.Minute || ttl > MaxAPITokenTTL {
		fe.Add("ttl", "must be between one minute and one year")
	}
	if err := fe.Err(); err != nil {
		return "", time.Time{}, err
	}
	plain, hash := NewToken()
	expires = a.Now().Add(ttl)
	if err := a.Store.CreateAPIToken(ctx, userID, name, hash, expires); err != nil {
		return "", time.Time{}, err
	}
	return plain, expires, nil
}

// PurgeExpired deletes ended sessions, expired API tokens and old
// rate-limit windows. Any replica may run it on a ticker; it is idempotent.
func (a *Authenticator) PurgeExpired(ctx context.Context) error {
	now := a.Now()
	return errors.Join(a.Store.PurgeExpired(ctx, now), a.Limiter.PurgeExpired(ctx, now))
}

func (a *Authenticator) hit(ctx context.Context, key string, limit int, now time.Time) error {
	ok, retry, err := a.Limiter.Hit(ctx, key, limit, a.LoginWindow, now)
	if err != nil {
		return fmt.Errorf("login throttle: %w", err)
	} else if ok {
		return nil
	}
	// Retry-After is whole seconds; round up so a client that obeys it
	// lands in the next window, not at the end of this one.
	secs := max(1, int(math.Ceil(retry.Seconds())))
	return &callmatch.Error{
		Code:       callmatch.ERATELIMITED,
		Message:    fmt.Sprintf("Too many sign-in attempts. Try again in %s.", humanWait(secs)),
		RetryAfter: time.Duration(secs) * time.Second,
	}
}

func (a *Authenticator) checkPassword(ctx context.Context, hash, pw string) (bool, error) {
	if a.hashing != nil {
		select {
		case a.hashing <- struct{}{}:
			defer func() { <-a.hashing }()
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
	return CheckPassword(hash, pw)
}

// dummyHash is checked against when the email is unknown, so that a wrong
// email takes as long as a wrong password.
func (a *Authenticator) dummyHash() (string, error) {
	a.dummyOnce.Do(func() { a.dummy, a.dummyErr = HashPassword("not the password of any account") })
	return a.dummy, a.dummyErr
}

// loginAccountKey names the per-account counter by a hash of the email: the
// rate_limits table then holds no addresses, and unknown emails are
// throttled exactly like known ones.
func loginAccountKey(email string) string {
	sum := sha256.Sum256([]byte(email))
	return "login:account:" + hex.EncodeToString(sum[:16])
}

// loginIPKey names the per-address counter. An IPv6 client usually controls
// a whole /64, so that is the unit counted.
func loginIPKey(ip string) string {
	addr, err := netip.ParseAddr(strings.TrimSpace(ip))
	if err != nil {
		if ip == "" {
			return ""
		}
		// Not an address (a misconfigured proxy header?): still count it,
		// but keep a hostile value from bloating the key.
		sum := sha256.Sum256([]byte(ip))
		return "login:ip:?" + hex.EncodeToString(sum[:16])
	}
	addr = addr.Unmap()
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return "login:ip:" + p.String()
	}
	return "login:ip:" + addr.String()
}

func humanWait(secs int) string {
	switch {
	case secs == 1:
		return "1 second"
	case secs < 60:
		return fmt.Sprintf("%d seconds", secs)
	case secs < 120:
		return "a minute"
	default:
		return fmt.Sprintf("%d minutes", (secs+59)/60)
	}
}
