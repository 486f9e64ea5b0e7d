package account

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"callmatch"
)

const vendorB = "0a9d7c4e-5b6f-4e1a-8c3d-2f1e0d9c8b77"

const (
	ok        = ""
	unauth    = callmatch.EUNAUTHORIZED
	forbidden = callmatch.EFORBIDDEN
	notFound  = callmatch.ENOTFOUND
)

// The actors of the route table, in its column order. Both vendor users act
// on vendorA's objects; only the first belongs to it.
var policyActors = []struct {
	name  string
	actor callmatch.Actor
}{
	{"anonymous", callmatch.Actor{}},
	{"vendor own", callmatch.Actor{UserID: "u-va", Role: callmatch.RoleVendor, VendorID: vendorA}},
	{"vendor other", callmatch.Actor{UserID: "u-vb", Role: callmatch.RoleVendor, VendorID: vendorB}},
	{"advisor", callmatch.Actor{UserID: "u-adv", Role: callmatch.RoleAdvisor}},
	{"admin", callmatch.Actor{UserID: "u-adm", Role: callmatch.RoleAdmin}},
}

var policyTable = []struct {
	name string
	can  func(callmatch.Actor) error
	want [5]string // per policyActors
}{
	{"CanListVendors", CanListVendors, [5]string{unauth, forbidden, forbidden, ok, ok}},
	{"CanReadVendor", func(a callmatch.Actor) error { return CanReadVendor(a, vendorA) }, [5]string{unauth, ok, notFound, ok, ok}},
	{"CanEditVendor", func(a callmatch.Actor) error { return CanEditVendor(a, vendorA) }, [5]string{unauth, ok, notFound, ok, ok}},
	{"CanSetVendorStatus", CanSetVendorStatus, [5]string{unauth, forbidden, forbidden, ok, ok}},
	{"CanSetVendorStanding", CanSetVendorStanding, [5]string{unauth, forbidden, forbidden, ok, ok}},
	{"CanCreateVendor", CanCreateVendor, [5]string{unauth, forbidden, forbidden, ok, ok}},
	{"CanSubmitCertification", func(a callmatch.Actor) error { return CanSubmitCertification(a, vendorA) }, [5]string{unauth, ok, notFound, ok, ok}},
	{"CanVerifyCertification", CanVerifyCertification, [5]string{unauth, forbidden, forbidden, ok, ok}},
	{"CanManageIntakes", CanManageIntakes, [5]string{unauth, forbidden, forbidden, ok, ok}},
	{"CanManageFees", CanManageFees, [5]string{unauth, forbidden, forbidden, forbidden, ok}},
	{"CanListInvoices", func(a callmatch.Actor) error { _, err := CanListInvoices(a); return err }, [5]string{unauth, ok, ok, ok, ok}},
	{"CanIssueAPIToken", CanIssueAPIToken, [5]string{unauth, ok, ok, ok, ok}},
	{"CanManageOwnAccount", CanManageOwnAccount, [5]string{unauth, ok, ok, ok, ok}},
}

// A request signed in by an API token may manage the account but never
// mint another token; the same user signed in by password may.
func TestPolicyAPITokenCannotMintTokens(t *testing.T) {
	t.Parallel()
	for _, who := range policyActors[1:] {
		a := who.actor
		a.Credential = CredentialAPIToken
		if err := CanIssueAPIToken(a); callmatch.ErrorCode(err) != forbidden || !strings.Contains(callmatch.ErrorMessage(err), "signed-in session") {
			t.Errorf("CanIssueAPIToken as %s by token = %v, want forbidden naming the session", who.name, err)
		}
		if err := CanManageOwnAccount(a); err != nil {
			t.Errorf("CanManageOwnAccount as %s by token = %v", who.name, err)
		}
		a.Credential = CredentialSession
		if err := CanIssueAPIToken(a); err != nil {
			t.Errorf("CanIssueAPIToken as %s by session = %v", who.name, err)
		}
	}
}

// Staff signed in by an API token may read people and applications but
// not grant or take away access (invite, revoke, disable, approve or
// reject an application); signed in by password they may.
func TestPolicyAPITokenCannotGrantAccess(t *testing.T) {
	t.Parallel()
	for _, who := range policyActors[3:] {
		checks := map[string]func(callmatch.Actor) error{
			"CanManageAccount":      func(a callmatch.Actor) error { return CanManageAccount(a, callmatch.RoleVendor) },
			"CanDecideApplications": CanDecideApplications,
		}
		for name, can := range checks {
			a := who.actor
			a.Credential = CredentialAPIToken
			if err := can(a); callmatch.ErrorCode(err) != forbidden || !strings.Contains(callmatch.ErrorMessage(err), "signed-in session, not an API token") {
				t.Errorf("%s as %s by token = %v, want forbidden naming the session", name, who.name, err)
			}
			a.Credential = CredentialSession
			if err := can(a); err != nil {
				t.Errorf("%s as %s by session = %v", name, who.name, err)
			}
		}
		a := who.actor
		a.Credential = CredentialAPIToken
		if err := CanSeePeople(a); err != nil {
			t.Errorf("CanSeePeople as %s by token = %v", who.name, err)
		}
		if err := CanReviewApplications(a); err != nil {
			t.Errorf("CanReviewApplications as %s by token = %v", who.name, err)
		}
	}
}

func TestPolicy(t *testing.T) {
	t.Parallel()
	for _, row := range policyTable {
		for i, who := range policyActors {
			err := row.can(who.actor)
			if got := callmatch.ErrorCode(err); got != row.want[i] {
				t.Errorf("%s as %s = %q (%v), want %q", row.name, who.name, got, err, row.want[i])
			}
			if err != nil && callmatch.ErrorMessage(err) == "" {
				t.Errorf("%s as %s: error without a message", row.name, who.name)
			}
		}
	}
}

// Actors outside the table's columns never get more than anonymous or
// forbidden: a system actor (a campaign with its private link) is not a
// signed-in user, a vendor user without a vendor owns nothing, and an
// unknown role is refused.
func TestPolicyOddActors(t *testing.T) {
	t.Parallel()
	odd := map[string]callmatch.Actor{
		"campaign":       {System: "campaign"},
		"vendor no id":   {UserID: "u", Role: callmatch.RoleVendor},
		"unknown role":   {UserID: "u", Role: "root"},
		"no role at all": {UserID: "u"},
	}
	for name, a := range odd {
		for _, row := range policyTable {
			if (row.name == "CanIssueAPIToken" || row.name == "CanManageOwnAccount") && a.UserID != "" {
				continue // any signed-in user may hold a token as themself
			}
			if row.name == "CanListInvoices" && a.UserID != "" {
				if _, err := CanListInvoices(a); callmatch.ErrorCode(err) != forbidden {
					t.Errorf("CanListInvoices as %s = %v, want forbidden", name, err)
				}
				continue
			}
			if err := row.can(a); err == nil {
				t.Errorf("%s as %s allowed", row.name, name)
			}
		}
	}
	// An empty vendor ID must not match a vendor user whose VendorID is empty.
	if err := CanReadVendor(odd["vendor no id"], ""); callmatch.ErrorCode(err) != notFound {
		t.Errorf("vendor without vendor reading \"\" = %v", err)
	}
}

func TestCanListInvoicesScope(t *testing.T) {
	t.Parallel()
	want := []string{"", vendorA, vendorB, "", ""}
	for i, who := range policyActors {
		if got, _ := CanListInvoices(who.actor); got != want[i] {
			t.Errorf("CanListInvoices as %s scoped to %q, want %q", who.name, got, want[i])
		}
	}
}

// A new Can* function must get a row in policyTable.
func TestPolicyTableCoversEveryCheck(t *testing.T) {
	t.Parallel()
	f, err := parser.ParseFile(token.NewFileSet(), "policy.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]bool{}
	for _, row := range policyTable {
		rows[row.name] = true
	}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Can") && !rows[fn.Name.Name] {
			t.Errorf("%s has no row in policyTable", fn.Name.Name)
		}
	}
}

func TestActorForUser(t *testing.T) {
	t.Parallel()
	u := &User{ID: "u1", Email: "v@x.io", Role: callmatch.RoleVendor, VendorID: vendorA}
	got := ActorForUser(u, CredentialAPIToken, "req-1")
	want := callmatch.Actor{UserID: "u1", Email: "v@x.io", Role: callmatch.RoleVendor, VendorID: vendorA, RequestID: "req-1", Credential: CredentialAPIToken}
	if got != want {
		t.Errorf("ActorForUser = %+v, want %+v", got, want)
	}
	if a := ActorForUser(nil, CredentialSession, "req-2"); a != (callmatch.Actor{RequestID: "req-2"}) || a.Label() != "anonymous" {
		t.Errorf("ActorForUser(nil) = %+v", a)
	}
}
