package devstack

import (
	"context"
	"os/exec"
	"strconv"
)

// StripeMockKey is a test secret key stripe-mock accepts.
const StripeMockKey = "sk_test_123"

// StripeMock is stripe-mock, Stripe's API simulator, on 127.0.0.1. It keeps
// no state: every response comes from its bundled fixtures.
type StripeMock struct {
	*server
}

func newStripeMock(dir string, o Options) *StripeMock {
	s := &StripeMock{server: newServer("stripe-mock", dir, 2, o)}
	s.command = s.cmd
	s.probe = func(ctx context.Context) error {
		var list struct{ Object string }
		return getJSON(ctx, s.URL()+"/v1/customers", StripeMockKey, &list)
	}
	return s
}

// Port is the plain HTTP port; the Stripe client's API base is URL().
func (s *StripeMock) Port() int { return s.ports[0] }

// HTTPSPort is the HTTPS port (self-signed certificate).
func (s *StripeMock) HTTPSPort() int { return s.ports[1] }

// URL is the plain HTTP base URL, http://127.0.0.1:PORT.
func (s *StripeMock) URL() string { return "http://127.0.0.1:" + strconv.Itoa(s.Port()) }

func (s *StripeMock) cmd(ctx context.Context) (*exec.Cmd, error) {
	bin, err := goToolBinary(ctx, "stripe-mock", "STRIPE_MOCK_BIN")
	if err != nil {
		return nil, err
	}
	// Both addresses: given only -http-addr, stripe-mock v0.183.0 also opens
	// HTTPS on its default port 12112 on every interface.
	return exec.Command(bin,
		"-http-addr", "127.0.0.1:"+strconv.Itoa(s.Port()),
		"-https-addr", "127.0.0.1:"+strconv.Itoa(s.HTTPSPort()),
	), nil
}
