package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	buildDir  string
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// callmatchBinary builds cmd/callmatch once per test binary: the
// multi-instance tests run the product as separate processes, as
// production runs replicas.
func callmatchBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "callmatch-e2e-"); buildErr != nil {
			return
		}
		binPath = filepath.Join(buildDir, "callmatch")
		out, err := exec.Command("go", "build", "-o", binPath, "callmatch/cmd/callmatch").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// skipShort skips a test that builds and runs the callmatch binary when
// the run asks for short tests.
func skipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the callmatch binary")
	}
}

// runCLI runs one callmatch command to completion.
func runCLI(t *testing.T, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(callmatchBinary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("callmatch %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// instance is one `callmatch serve` process.
type instance struct {
	url  string
	cmd  *exec.Cmd
	done chan struct{}
	log  *lockedWriter
}

// startInstance runs `callmatch serve` on a free loopback port, with the
// test's environment and env, and waits until it is ready.
func startInstance(t *testing.T, env []string) *instance {
	t.Helper()
	addr := freeAddr(t)
	return startServe(t, addr, append(append(os.Environ(), env...), "CALLMATCH_ADDR="+addr))
}

// freeAddr is a loopback address nothing listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startServe runs `callmatch serve` with exactly environ, which puts it on
// addr, and waits until it is ready; the test's end stops it as Ctrl-C
// would.
func startServe(t *testing.T, addr string, environ []string) *instance {
	t.Helper()
	cmd := exec.Command(callmatchBinary(t), "serve")
	cmd.Env = environ
	in := &instance{url: "http://" + addr, cmd: cmd, done: make(chan struct{}), log: &lockedWriter{w: &bytes.Buffer{}}}
	cmd.Stdout, cmd.Stderr = in.log, in.log                            // one lock: exec copies each stream on its own goroutine
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // never outlive a crashed test
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = cmd.Wait(); close(in.done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-in.done:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-in.done
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		if resp, err := http.Get(in.url + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return in
			}
		}
		select {
		case <-in.done:
			t.Fatalf("callmatch serve exited:\n%s", in.log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("callmatch serve not ready after a minute:\n%s", in.log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// String is what was written so far, for failure messages; the writer
// must be a fmt.Stringer such as *bytes.Buffer.
func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.(fmt.Stringer).String()
}

// call sends a JSON request with an optional bearer token and decodes a
// 2xx answer into out.
func call(ctx context.Context, method, url, token string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s: %s", method, url, resp.Status, raw)
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

// baseEnv is the environment a callmatch process needs besides its addresses.
func baseEnv(dbURL, dataKey string) []string {
	return []string{
		"DATABASE_URL=" + dbURL, "CALLMATCH_DATA_KEY=" + dataKey, "CALLMATCH_PUBLIC_URL=http://callmatch.test",
		"CALLMATCH_DEMO_PASSWORD=e2e-password", "CALLMATCH_LOG_LEVEL=warn",
		"CALLMATCH_INTAKE_RATE_LIMIT=" + strconv.Itoa(1_000_000),
		// Nothing from the developer's shell may point the processes elsewhere.
		"MEILI_URL=", "STRIPE_SECRET_KEY=", "STRIPE_API_BASE=", "STRIPE_WEBHOOK_SECRET=",
	}
}

func decodeBody(resp *http.Response, out any) error {
	return json.NewDecoder(resp.Body).Decode(out)
}
