//go:build !linux

package postgres

import (
	"syscall"
	"time"
)

// setUserTimeout does nothing where TCP_USER_TIMEOUT does not exist; the
// keepalives and the request deadlines still bound every wait.
func setUserTimeout(syscall.RawConn, time.Duration) error { return nil }
