package account

import (
	"sync"
	"time"
)

// APITokenCacheTTL is how long a process trusts an API token it has
// checked, without asking the database again. An integration sending
// thousands of requests a second otherwise costs a database round trip
// each (a third of a match's CPU at 10k vendors). Within this process a
// revoked token and a disabled user's are refused at once (the cache is
// emptied on every such change made here); another replica's change, and a
// token's expiry, take effect at most this much later. The token's
// last_used_at is written when the cache asks again, which stays within
// its one-minute resolution. Refusals are not cached.
const APITokenCacheTTL = time.Second

// maxCachedTokens bounds the cache; only valid tokens get in, so reaching
// it takes that many live tokens in use within one TTL.
const maxCachedTokens = 10_000

// tokenCache maps a token's hash to its user for APITokenCacheTTL.
type tokenCache struct {
	mu sync.Mutex
	// gen moves on every invalidation: a lookup that began before one
	// does not store what it read, which may predate the change.
	gen     uint64
	entries map[string]cachedToken
}

type cachedToken struct {
	user    *User
	expires time.Time
}

// get returns a copy of the cached user (callers may change theirs) and
// the generation to pass to put after a database lookup.
func (c *tokenCache) get(hash []byte, now time.Time) (*User, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[string(hash)]
	if !ok || !now.Before(e.expires) || now.Before(e.expires.Add(-APITokenCacheTTL)) {
		return nil, c.gen // absent, stale, or the clock went back
	}
	u := *e.user
	return &u, c.gen
}

func (c *tokenCache) put(hash []byte, u *User, now time.Time, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.entries == nil || len(c.entries) >= maxCachedTokens {
		c.entries = map[string]cachedToken{}
	}
	cp := *u
	c.entries[string(hash)] = cachedToken{user: &cp, expires: now.Add(APITokenCacheTTL)}
}

// invalidate forgets every token: a token was revoked or a user changed.
func (c *tokenCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.entries = nil
}
