package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
)

// pingIdle is how long a pooled connection may sit unused before the pool
// pings it ahead of its next statement. pgx's default is a second, which
// on a quiet server is before nearly every request: one round trip more
// each time (api/roundtrip_test.go). A connection used within pingIdle is
// trusted instead; if the server went away meanwhile, the request that
// finds out gets 503 with Retry-After and the pool drops the connection,
// which is what a busy server, whose connections are never idle for a
// second, gets today anyway. Idler connections still get their ping, and
// ConnMaxIdleTime closes the idlest.
const pingIdle = 30 * time.Second

// pingAfterIdle is the pool's stdlib.OptionShouldPing.
func pingAfterIdle(_ context.Context, p stdlib.ShouldPingParams) bool {
	return p.IdleDuration > pingIdle
}
