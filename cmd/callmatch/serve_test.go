package main

import (
	"errors"
	"strings"
	"testing"

	"callmatch/postgres"
)

// serve refuses to start without the public address: the campaign's
// private link would otherwise be built from the client's Host header.
func TestServeRequiresPublicURL(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://127.0.0.1:1/none")
	t.Setenv("CALLMATCH_DATA_KEY", postgres.NewDataKey())
	t.Setenv("CALLMATCH_PUBLIC_URL", "")
	var ue usageError
	if _, _, err := runCmd(t, "serve"); !errors.As(err, &ue) || !strings.Contains(err.Error(), "CALLMATCH_PUBLIC_URL") {
		t.Errorf("serve without CALLMATCH_PUBLIC_URL: %v, want a usage error naming it", err)
	}
	t.Setenv("CALLMATCH_PUBLIC_URL", "callmatch.example.org")
	if _, _, err := runCmd(t, "serve"); !errors.As(err, &ue) || !strings.Contains(err.Error(), "CALLMATCH_PUBLIC_URL") {
		t.Errorf("serve with a public URL lacking its scheme: %v, want a usage error naming it", err)
	}
}
