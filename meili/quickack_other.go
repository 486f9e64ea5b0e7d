//go:build !linux

package meili

import (
	"context"
	"net"
)

// dialer is the plain dialer where TCP_QUICKACK does not exist; see
// quickack_linux.go for why Linux needs more.
func dialer(d *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return d.DialContext
}
