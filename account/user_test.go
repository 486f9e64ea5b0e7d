package account

import (
	"strings"
	"testing"

	"callmatch"
)

const vendorA = "6f1c1b8e-3f1d-4c59-9a57-3d2b1f0a6e11"

func TestUserValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		user      User
		badFields []string // empty: valid
		email     string   // normalized form, when valid
	}{
		{"admin", User{Email: "Admin@Example.ORG ", Role: "admin"}, nil, "admin@example.org"},
		{"advisor", User{Email: "a.b+c@demo.callmatch.test", Role: "advisor"}, nil, "a.b+c@demo.callmatch.test"},
		{"vendor", User{Email: "v@x.io", Role: "vendor", VendorID: strings.ToUpper(vendorA)}, nil, "v@x.io"},
		{"vendor without vendor", User{Email: "v@x.io", Role: "vendor"}, []string{"vendor_id"}, ""},
		{"vendor id not uuid", User{Email: "v@x.io", Role: "vendor", VendorID: "acme"}, []string{"vendor_id"}, ""},
		{"staff with vendor", User{Email: "a@x.io", Role: "advisor", VendorID: vendorA}, []string{"vendor_id"}, ""},
		{"unknown role", User{Email: "a@x.io", Role: "root"}, []string{"role"}, ""},
		{"empty", User{}, []string{"email", "role"}, ""},
		{"display name", User{Email: "Ann <ann@x.io>", Role: "admin"}, []string{"email"}, ""},
		{"no domain dot", User{Email: "ann@localhost", Role: "admin"}, []string{"email"}, ""},
		{"two ats", User{Email: "ann@b@x.io", Role: "admin"}, []string{"email"}, ""},
		{"space inside", User{Email: "an n@x.io", Role: "admin"}, []string{"email"}, ""},
		{"too long", User{Email: strings.Repeat("a", 250) + "@x.io", Role: "admin"}, []string{"email"}, ""},
	}
	for _, tt := range tests {
		u := tt.user
		err := u.Validate()
		if len(tt.badFields) == 0 {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			} else if u.Email != tt.email {
				t.Errorf("%s: email = %q, want %q", tt.name, u.Email, tt.email)
			}
			continue
		}
		fields := fieldsOf(t, err)
		for _, f := range tt.badFields {
			if fields[f] == "" {
				t.Errorf("%s: no error for %s in %v", tt.name, f, err)
			}
		}
		if len(fields) != len(tt.badFields) {
			t.Errorf("%s: fields %v, want only %v", tt.name, fields, tt.badFields)
		}
	}
}

func TestUserValidateNormalizesVendorID(t *testing.T) {
	t.Parallel()
	u := User{Email: "v@x.io", Role: "vendor", VendorID: strings.ToUpper(vendorA)}
	if err := u.Validate(); err != nil || u.VendorID != vendorA {
		t.Fatalf("VendorID = %q, %v", u.VendorID, err)
	}
}

func TestNewUser(t *testing.T) {
	t.Parallel()
	u, err := NewUser("Ann@X.io", "advisor", "", "twelve chars")
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "ann@x.io" || u.Role != "advisor" {
		t.Fatalf("user = %+v", u)
	}
	if ok, err := CheckPassword(u.PasswordHash, "twelve chars"); !ok || err != nil {
		t.Fatalf("password does not verify: %v %v", ok, err)
	}

	_, err = NewUser("nope", "vendor", "", "eleven char")
	fields := fieldsOf(t, err)
	for _, f := range []string{"email", "vendor_id", "password"} {
		if fields[f] == "" {
			t.Errorf("no error for %s: %v", f, err)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	t.Parallel()
	for pw, ok := range map[string]bool{
		"":                             false,
		"eleven char":                  false,
		"twelve chars":                 true,
		"ñññññññññññ":                  false, // 11 characters, 22 bytes
		"ñññññññññññññ":                true,
		strings.Repeat("x", 1000):      true,
		strings.Repeat("x", 1001):      false,
		"callmatch-demo":               true, // the demo password must pass
		"correct horse battery staple": true,
	} {
		if err := ValidatePassword(pw); (err == nil) != ok {
			t.Errorf("ValidatePassword(%.20q) = %v, want ok %v", pw, err, ok)
		}
	}
}

func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	e, ok := err.(*callmatch.Error)
	if !ok || e.Code != callmatch.EINVALID {
		t.Fatalf("err = %v, want an invalid *callmatch.Error", err)
	}
	return e.Fields
}
