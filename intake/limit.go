package intake

import (
	"context"
	"time"

	"callmatch"
	"callmatch/account"
)

// LimitSubmissions spends one of the perMinute public submissions a minute
// that clientIP may make. The API and the consultation page share one
// budget (one key), so switching doors does not double it. A nil limiter or
// perMinute <= 0 limits nothing.
func LimitSubmissions(ctx context.Context, l account.Limiter, perMinute int, clientIP string, now time.Time) error {
	if l == nil || perMinute <= 0 {
		return nil
	}
	ok, retry, err := l.Hit(ctx, "intake:"+clientIP, perMinute, time.Minute, now)
	if err != nil {
		return err
	}
	if !ok {
		return &callmatch.Error{Code: callmatch.ERATELIMITED, Message: "Too many submissions from this address; try again shortly.", RetryAfter: retry}
	}
	return nil
}
