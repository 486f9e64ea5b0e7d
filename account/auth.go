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

	"callmatch"
)

// Authenticator signs users in and out and turns presented secrets (session
// cookies, bearer tokens) into users. Configure the exported fields before
// first use; NewAuthenticator sets the defaults.
type Authenticator struct {
	Store   Store
	Limiter Limiter
	Now     func() time.Time

	SessionTTL  time.Duration // how long a login lasts at most
	SessionIdle time.Duration // a session unused this long has ended
	// APITokenDays is the lifetime of an API token issued without one.
	APITokenDays int

	// Failed logins back off per (account, client address) pair: the
	// first FreeFailures cost nothing (typos), then each failure makes
	// the pair wait FirstDelay, doubling up to MaxDelay, until a success
	// or ForgetFailures without one. The account is never locked as a
	// whole: its owner signs in from another address, and a guesser
	// spreading over addresses meets the per-address limit below.
	FreeFailures   int
	FirstDelay     time.Duration
	MaxDelay       time.Duration
	ForgetFailures time.Duration

	// IPAttempts failed logins are allowed per LoginWindow per client
	// address, over all accounts: it stops one address spraying many
	// accounts. It is loose because offices and campaigns share addresses.
	IPAttempts  int
	LoginWindow time.Duration

	// hashing bounds concurrent argon2id work: each hash holds
	// HashParams.Memory (64 MiB), so a burst of logins must queue rather
	// than exhaust the server's memory.
	hashing chan struct{}

	dummyOnce sync.Once
	dummy     string
	dummyErr  error

	tokens tokenCache // API tokens checked within APITokenCacheTTL
}

// NewAuthenticator returns an Authenticator with the production defaults.
func NewAuthenticator(s Store, l Limiter) *Authenticator {
	a := &Authenticator{
		Store:   s,
		Limiter: l,
		Now:     time.Now,
		// A working day at most, and two hours away from the desk ends it:
		// an unattended browser stops showing campaign contacts.
		SessionTTL:     12 * time.Hour,
		SessionIdle:    2 * time.Hour,
		APITokenDays:   90,
		FreeFailures:   5,
		FirstDelay:     15 * time.Second,
		MaxDelay:       15 * time.Minute,
		ForgetFailures: 24 * time.Hour,
		IPAttempts:     20,
		LoginWindow:    15 * time.Minute,
		hashing:        make(chan struct{}, max(2, runtime.GOMAXPROCS(0))),
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
// session token for the cookie. The attempt is counted for the client
// address and for the (account, address) pair before the password is
// checked: a caller over either limit gets rate_limited without any
// password work, and an unknown email costs the same hashing as a known
// one. A hash made under older parameters is replaced on success.
func (a *Authenticator) Login(ctx context.Context, email, password, ip string) (user *User, sessionToken string, expires time.Time, err error) {
	now := a.Now()
	email = NormalizeEmail(email)
	ipKey := loginIPKey(ip)
	pairKey := loginPairKey(email, ipKey)

	// IP first: a sprayer cycling through many emails from one address is
	// stopped without touching each pair's counter.
	if ipKey != "" {
		if err := a.hit(ctx, ipKey, now); err != nil {
			return nil, "", time.Time{}, err
		}
	}
	if err := a.attempt(ctx, pairKey, now); err != nil {
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

	// Success: the pair starts afresh and this attempt no longer counts
	// against the address.
	if err := a.Limiter.Reset(ctx, pairKey); err != nil {
		return nil, "", time.Time{}, err
	}
	if ipKey != "" {
		if err := a.Limiter.Forgive(ctx, ipKey, a.LoginWindow, now); err != nil {
			return nil, "", time.Time{}, err
		}
	}
	if err := a.rehash(ctx, u, password); err != nil {
		return nil, "", time.Time{}, err
	}

	plain, tokenHash := NewToken()
	expires = now.Add(a.SessionTTL)
	if err := a.Store.CreateSession(ctx, u.ID, tokenHash, now, expires); err != nil {
		return nil, "", time.Time{}, err
	}
	return u, plain, expires, nil
}

// rehash replaces u's password hash when it was made under other
// parameters than today's: the only moment we hold the plain password.
func (a *Authenticator) rehash(ctx context.Context, u *User, password string) error {
	if !NeedsRehash(u.PasswordHash) {
		return nil
	}
	var hash string
	err := a.withHashing(ctx, func() (err error) { hash, err = HashPassword(password); return err })
	if err != nil {
		return err
	}
	if err := a.Store.UpdatePasswordHash(ctx, u.ID, u.PasswordHash, hash); err != nil {
		return err
	}
	u.PasswordHash = hash
	return nil
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
	u, err := a.Store.FindUserBySession(ctx, HashToken(sessionToken), a.Now(), a.SessionIdle)
	if callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
		return nil, callmatch.Errorf(callmatch.EUNAUTHORIZED, "Your session has ended; sign in again.")
	}
	return u, err
}

// LogoutAll ends every session of the actor's user, on every device. API
// tokens are left alone: they are revoked one by one (RevokeAPIToken), so
// that signing out does not silently break an integration.
func (a *Authenticator) LogoutAll(ctx context.Context, actor callmatch.Actor) (ended int, err error) {
	if err := CanManageOwnAccount(actor); err != nil {
		return 0, err
	}
	return a.Store.DeleteUserSessions(ctx, actor.UserID)
}

// UserForAPIToken returns the user of an unexpired API token, or unauthorized.
func (a *Authenticator) UserForAPIToken(ctx context.Context, token string) (*User, error) {
	if token == "" {
		return nil, callmatch.Errorf(callmatch.EUNAUTHORIZED, "An API token is required.")
	}
	hash, now := HashToken(token), a.Now()
	u, gen := a.tokens.get(hash, now)
	if u != nil {
		return u, nil
	}
	u, err := a.Store.FindUserByAPIToken(ctx, hash, now)
	if callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
		return nil, callmatch.Errorf(callmatch.EUNAUTHORIZED, "The API token is unknown or has expired.")
	}
	if err == nil {
		a.tokens.put(hash, u, now, gen)
	}
	return u, err
}

// ForgetAPITokens makes the next request of every API token ask the
// database again: a token was revoked or a user disabled here.
func (a *Authenticator) ForgetAPITokens() { a.tokens.invalidate() }

// PurgeExpired deletes ended sessions, expired API tokens and old
// rate-limit windows. Any replica may run it on a ticker; it is idempotent.
func (a *Authenticator) PurgeExpired(ctx context.Context) error {
	now := a.Now()
	return errors.Join(a.Store.PurgeExpired(ctx, now, a.SessionIdle), a.Limiter.PurgeExpired(ctx, now))
}

func (a *Authenticator) hit(ctx context.Context, key string, now time.Time) error {
	ok, retry, err := a.Limiter.Hit(ctx, key, a.IPAttempts, a.LoginWindow, now)
	if err != nil {
		return fmt.Errorf("login throttle: %w", err)
	}
	return throttled(ok, retry)
}

func (a *Authenticator) attempt(ctx context.Context, key string, now time.Time) error {
	ok, retry, err := a.Limiter.Attempt(ctx, key, a.loginDelay, a.ForgetFailures, now)
	if err != nil {
		return fmt.Errorf("login throttle: %w", err)
	}
	return throttled(ok, retry)
}

// loginDelay is how long a pair waits after its n-th consecutive failure.
func (a *Authenticator) loginDelay(n int) time.Duration {
	if n < a.FreeFailures {
		return 0
	}
	d := a.FirstDelay
	for range n - a.FreeFailures {
		if d >= a.MaxDelay {
			break
		}
		d *= 2
	}
	return min(d, a.MaxDelay)
}

func throttled(ok bool, retry time.Duration) error {
	if ok {
		return nil
	}
	// Retry-After is whole seconds; round up so a client that obeys it is
	// not refused once more for the last fraction of a second.
	secs := max(1, int(math.Ceil(retry.Seconds())))
	return &callmatch.Error{
		Code:       callmatch.ERATELIMITED,
		Message:    fmt.Sprintf("Too many sign-in attempts. Try again in %s.", humanWait(secs)),
		RetryAfter: time.Duration(secs) * time.Second,
	}
}

func (a *Authenticator) checkPassword(ctx context.Context, hash, pw string) (ok bool, err error) {
	err = a.withHashing(ctx, func() error { ok, err = CheckPassword(hash, pw); return err })
	return ok, err
}

// withHashing runs fn, which hashes, once a hashing slot is free.
func (a *Authenticator) withHashing(ctx context.Context, fn func() error) error {
	if a.hashing != nil {
		select {
		case a.hashing <- struct{}{}:
			defer func() { <-a.hashing }()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return fn()
}

// dummyHash is checked against when the email is unknown, so that a wrong
// email takes as long as a wrong password.
func (a *Authenticator) dummyHash() (string, error) {
	a.dummyOnce.Do(func() { a.dummy, a.dummyErr = HashPassword("not the password of any account") })
	return a.dummy, a.dummyErr
}

// loginPairKey names the backoff of one account from one address (ipKey,
// "" when unknown) by a hash of both: the table then holds no emails, and
// unknown emails are throttled exactly like known ones.
func loginPairKey(email, ipKey string) string {
	sum := sha256.Sum256([]byte(email + "\x00" + ipKey))
	return "login:pair:" + hex.EncodeToString(sum[:16])
}

// loginIPKey names the per-address counter ("" when the address is
// unknown).
func loginIPKey(ip string) string {
	if k := ClientKey(ip); k != "" {
		return "login:ip:" + k
	}
	return ""
}

// ClientKey is the unit a per-client limit counts for the address ip: the
// address itself for IPv4, its /64 for IPv6 (a client usually controls a
// whole /64 and could rotate through it for fresh budgets), "" when ip is
// empty. Something that is no address (a misconfigured proxy header?) is
// still counted, under a short hash that a hostile value cannot bloat.
func ClientKey(ip string) string {
	addr, err := netip.ParseAddr(strings.TrimSpace(ip))
	if err != nil {
		if ip == "" {
			return ""
		}
		sum := sha256.Sum256([]byte(ip))
		return "?" + hex.EncodeToString(sum[:16])
	}
	addr = addr.Unmap()
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
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
