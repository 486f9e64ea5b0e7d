package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGeneratedClientIsCurrent is the integrator's path: fetch the document
// the server serves, generate a Go client from it with oapi-codegen (pinned
// as a Go tool in go.mod) and compile it. The committed copy in api/client
// must be exactly what that generates, so it never drifts from the API.
func TestGeneratedClientIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("runs oapi-codegen and the compiler")
	}
	rec := httptest.NewRecorder()
	New(Config{}).Engine().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/openapi.json", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/openapi.json: %d", rec.Code)
	}
	dir := t.TempDir()
	doc := filepath.Join(dir, "openapi.json")
	if err := os.WriteFile(doc, rec.Body.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	generated := filepath.Join(dir, "client.gen.go")
	runCommand(t, "go", "tool", "oapi-codegen", "-config", "client/oapi-codegen.yaml", "-o", generated, doc)

	want, err := os.ReadFile(generated)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("client/client.gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("api/client/client.gen.go is not what oapi-codegen makes of the served document: run `go generate ./api/client` and commit it")
	}
	// Compile what was generated, not only the committed copy: an overlay
	// puts the fresh file in the package's place.
	overlay := filepath.Join(dir, "overlay.json")
	abs, err := filepath.Abs("client/client.gen.go")
	if err != nil {
		t.Fatal(err)
	}
	spec, err := json.Marshal(map[string]map[string]string{"Replace": {abs: generated}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(overlay, spec, 0o600); err != nil {
		t.Fatal(err)
	}
	runCommand(t, "go", "build", "-overlay", overlay, "./client")
}

func runCommand(t *testing.T, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}
