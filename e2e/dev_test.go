package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"callmatch/devstack"
)

// TestDevWritesServices runs `callmatch dev` and finds every service it
// started through <data-dir>/services.json (MARKETPLACE.md §5): the file is
// the owner's alone, each address answers, and a clean stop removes it.
func TestDevWritesServices(t *testing.T) {
	skipShort(t)
	// Not t.TempDir: its 0700 parent keeps the postgres user out when we
	// are root, and PostgreSQL's data would then go to /var/tmp and stay.
	dir, err := devstack.TempDir("callmatch-dev-e2e-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	path := filepath.Join(dir, "services.json")
	if err := os.WriteFile(path, []byte(`{"app": "http://stale.example"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	cmd := exec.Command(callmatchBinary(t), "dev", "--addr", addr, "--data-dir", dir)
	cmd.Env = append(os.Environ(), "CALLMATCH_LOG_LEVEL=warn", "CALLMATCH_PUBLIC_URL=http://elsewhere.example")
	// One writer for both streams: exec copies each on its own goroutine.
	log := &lockedWriter{w: &bytes.Buffer{}}
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			_ = cmd.Process.Kill()
			<-done
		}
	})

	services := waitForServices(t, path, done, log)
	if services["app"] != "http://"+addr {
		t.Errorf("app is %q, want http://%s (dev's public address is where it listens)", services["app"], addr)
	}
	for _, key := range []string{"postgres", "meilisearch", "stripe_mock", "mailpit", "metrics"} {
		if services[key] == "" {
			t.Errorf("services.json lacks %s: %v", key, services)
		}
	}
	if len(services) != 6 {
		t.Errorf("services.json names %d services, want app, postgres, meilisearch, stripe_mock, mailpit and metrics: %v", len(services), services)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("services.json: %v, mode %v; want 0600 (the DSN may hold a password)", err, info.Mode().Perm())
	}
	waitFor200(t, services["app"]+"/readyz", "")
	waitFor200(t, services["meilisearch"]+"/health", "")
	waitFor200(t, services["stripe_mock"]+"/v1/customers", devstack.StripeMockKey)
	waitFor200(t, services["mailpit"]+"/api/v1/info", "")
	if !bytes.Contains([]byte(log.String()), []byte(services["mailpit"])) {
		t.Errorf("dev's output does not say where Mailpit is (%s):\n%s", services["mailpit"], log)
	}
	conn, err := pgx.Connect(t.Context(), services["postgres"])
	if err != nil {
		t.Errorf("postgres %q: %v", services["postgres"], err)
	} else {
		conn.Close(t.Context())
	}

	_ = cmd.Process.Signal(os.Interrupt)
	select {
	case <-done:
		stopped = true
	case <-time.After(60 * time.Second):
		t.Fatalf("dev did not stop after Ctrl-C:\n%s", log)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("services.json after a clean stop: %v, want it removed with the services", err)
	}
}

// waitForServices waits for dev to write services.json, which it does
// only once the app listens, and decodes it.
func waitForServices(t *testing.T, path string, done <-chan error, log fmt.Stringer) map[string]string {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		b, err := os.ReadFile(path)
		if err == nil && !bytes.Contains(b, []byte("stale.example")) {
			var s map[string]string
			if err := json.Unmarshal(b, &s); err != nil {
				t.Fatalf("services.json: %v\n%s", err, b)
			}
			return s
		}
		select {
		case err := <-done:
			t.Fatalf("dev exited (%v) before writing services.json:\n%s", err, log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no services.json after 3 minutes:\n%s", log)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// waitFor200 waits up to 30 s for url to answer 200, sending token as a
// bearer token if there is one.
func waitFor200(t *testing.T, url, token string) {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
		if err != nil {
			t.Fatal(err)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Errorf("%s: no 200 within 30 s (last error %v)", url, err)
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
}
