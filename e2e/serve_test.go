package e2e

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"callmatch"
	"callmatch/account"
	"callmatch/devstack"
	"callmatch/postgres"
)

// TestServeWithRequiredEnvironmentOnly starts the binary as an operator
// would with the least configuration the README allows: DATABASE_URL,
// CALLMATCH_DATA_KEY and CALLMATCH_PUBLIC_URL (and the address to listen
// on), nothing inherited. It is ready; search answers 503 because it is not
// configured; the pages render.
func TestServeWithRequiredEnvironmentOnly(t *testing.T) {
	skipShort(t)
	ctx := t.Context()
	st, err := devstack.Start(ctx, devstack.Options{Postgres: true, Database: "callmatch", NoFsync: true, Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Stop() })
	dbURL := st.Postgres.URL("callmatch")
	runCLI(t, []string{"DATABASE_URL=" + dbURL}, "migrate", "up")
	const email, password = "advisor@example.org", "e2e advisor password"
	createAdvisor(ctx, t, dbURL, email, password)

	addr := freeAddr(t)
	in := startServe(t, addr, []string{"DATABASE_URL=" + dbURL, "CALLMATCH_DATA_KEY=" + postgres.NewDataKey(),
		"CALLMATCH_PUBLIC_URL=http://callmatch.test", "CALLMATCH_ADDR=" + addr})

	resp, err := http.Post(in.url+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"email": "`+email+`", "password": "`+password+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login: %s", resp.Status)
	}
	session := resp.Cookies()
	if status, body := fetch(t, in.url+"/api/v1/vendors/search?q=x", session); status != http.StatusServiceUnavailable ||
		!strings.Contains(body, `"code":"unavailable"`) {
		t.Errorf("search without MEILI_URL: %d %s, want 503 unavailable", status, body)
	}
	for _, page := range []string{"/", "/consult", "/desk/vendors"} {
		if status, body := fetch(t, in.url+page, session); status != http.StatusOK || !strings.Contains(body, "</html>") {
			t.Errorf("%s: %d", page, status)
		}
	}
	if !strings.Contains(in.log.String(), "mail is off") {
		t.Error("serve without SMTP_URL does not say that mail is off")
	}
	if t.Failed() {
		t.Logf("server log:\n%s", in.log)
	}
}

// TestServeWithoutPublicURLExits2: without CALLMATCH_PUBLIC_URL a private
// link would be built from the client's Host header, so serve refuses to
// start, as for any bad configuration: exit status 2, the variable named.
func TestServeWithoutPublicURLExits2(t *testing.T) {
	skipShort(t)
	cmd := exec.Command(callmatchBinary(t), "serve")
	cmd.Env = []string{"DATABASE_URL=postgres://127.0.0.1:1/none", "CALLMATCH_DATA_KEY=" + postgres.NewDataKey(),
		"CALLMATCH_ADDR=" + freeAddr(t)}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), "CALLMATCH_PUBLIC_URL") {
		t.Errorf("serve without CALLMATCH_PUBLIC_URL: %v\n%s\nwant exit status 2 naming the variable", err, out)
	}
}

func createAdvisor(ctx context.Context, t *testing.T, dbURL, email, password string) {
	t.Helper()
	db, err := postgres.Open(ctx, dbURL, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hash, err := account.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	ctx = callmatch.WithActor(ctx, callmatch.Actor{System: "test"})
	if err := postgres.NewAccountStore(db).CreateUser(ctx, &account.User{Email: email, Role: callmatch.RoleAdvisor,
		PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
}

// fetch GETs url with the given cookies and returns the status and body.
func fetch(t *testing.T, url string, cookies []*http.Cookie) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
