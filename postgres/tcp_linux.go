package postgres

import (
	"syscall"
	"time"
)

// tcpUserTimeoutOpt is TCP_USER_TIMEOUT from linux/tcp.h; package syscall
// does not name it.
const tcpUserTimeoutOpt = 0x12

// setUserTimeout makes the kernel drop a connection whose sent data stays
// unacknowledged for d: without it a write into a partitioned network is
// retransmitted for about 15 minutes before anyone is told.
func setUserTimeout(c syscall.RawConn, d time.Duration) error {
	var serr error
	err := c.Control(func(fd uintptr) {
		serr = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, tcpUserTimeoutOpt, int(d.Milliseconds()))
	})
	if err != nil {
		return err
	}
	return serr
}
