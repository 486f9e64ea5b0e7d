package devstack

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
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
	bin, err := stripeMockBinary(ctx)
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

var stripeMockBin struct {
	sync.Mutex
	path string
}

// stripeMockBinary returns the stripe-mock built from the tool dependency
// in go.mod (STRIPE_MOCK_BIN overrides). `go tool -n` builds it once into
// the Go build cache and prints its path; later calls only look it up.
func stripeMockBinary(ctx context.Context) (string, error) {
	if bin := os.Getenv("STRIPE_MOCK_BIN"); bin != "" {
		return bin, nil
	}
	stripeMockBin.Lock()
	defer stripeMockBin.Unlock()
	if stripeMockBin.path != "" {
		return stripeMockBin.path, nil
	}
	root, err := moduleRoot()
	if err != nil {
		return "", fmt.Errorf("stripe-mock: %w; or set STRIPE_MOCK_BIN to a stripe-mock binary", err)
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("stripe-mock is built with the go command, which is not on PATH: install Go or set STRIPE_MOCK_BIN")
	}
	cmd := exec.CommandContext(ctx, goBin, "tool", "-n", "stripe-mock")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = strings.TrimSpace(string(ee.Stderr))
		}
		return "", fmt.Errorf("stripe-mock: go tool -n stripe-mock in %s: %w: %s", root, err, msg)
	}
	stripeMockBin.path = strings.TrimSpace(string(out))
	return stripeMockBin.path, nil
}
