package account

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"callmatch"
)

// Password length bounds, in characters. Twelve is the floor that keeps an
// offline guess of an argon2id hash expensive; the ceiling only stops abuse.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 1000
)

// Roles lists the roles a user may hold, in the order we show them.
var Roles = []string{callmatch.RoleAdmin, callmatch.RoleAdvisor, callmatch.RoleVendor}

// NormalizeEmail is the one form an email takes in the database and in
// throttling keys, so that "Ann@X.org" and "ann@x.org " are the same account.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// NewUser returns a valid user with pw hashed, or field errors for every
// problem at once (email, role, vendor_id, password).
func NewUser(email, role, vendorID, pw string) (*User, error) {
	u := &User{Email: email, Role: role, VendorID: vendorID}
	fe := u.fieldErrors()
	if msg := passwordProblem(pw); msg != "" {
		fe.Add("password", msg)
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	hash, err := HashPassword(pw)
	if err != nil {
		return nil, err
	}
	u.PasswordHash = hash
	return u, nil
}

// Validate normalizes the email and vendor ID in place and checks that the
// role and the vendor agree: a vendor user belongs to exactly one vendor and
// staff belong to none. It does not look at the password hash.
func (u *User) Validate() error {
	return u.fieldErrors().Err()
}

func (u *User) fieldErrors() callmatch.FieldErrors {
	var fe callmatch.FieldErrors
	u.Email = NormalizeEmail(u.Email)
	if msg := emailProblem(u.Email); msg != "" {
		fe.Add("email", msg)
	}
	switch u.Role {
	case callmatch.RoleVendor:
		if u.VendorID == "" {
			fe.Add("vendor_id", "is required for a vendor user")
		} else if id, err := uuid.Parse(u.VendorID); err != nil {
			fe.Add("vendor_id", "must be a vendor ID (a UUID)")
		} else {
			u.VendorID = id.String()
		}
	case callmatch.RoleAdmin, callmatch.RoleAdvisor:
		if u.VendorID != "" {
			fe.Add("vendor_id", "must be empty for "+u.Role+" users; only vendor users belong to a vendor")
		}
	default:
		fe.Addf("role", "%q is not allowed; must be one of %s", u.Role, strings.Join(Roles, ", "))
	}
	return fe
}

// ValidatePassword checks a new password's length.
func ValidatePassword(pw string) error {
	var fe callmatch.FieldErrors
	if msg := passwordProblem(pw); msg != "" {
		fe.Add("password", msg)
	}
	return fe.Err()
}

func passwordProblem(pw string) string {
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPasswordLen:
		return "must be at least 12 characters"
	case n > MaxPasswordLen:
		return "must be at most 1000 characters"
	}
	return ""
}

func emailProblem(email string) string {
	if email == "" {
		return "is required"
	}
	if len(email) > 254 {
		return "must be at most 254 characters"
	}
	// ParseAddress also accepts "Name <a@b>" and comments; only a bare
	// address that comes back unchanged is one we can send mail to and
	// compare reliably.
	a, err := mail.ParseAddress(email)
	if err != nil || a.Name != "" || a.Address != email {
		return "must be an email address like name@example.org"
	}
	at := strings.LastIndexByte(email, '@')
	if domain := email[at+1:]; !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return "must be an email address like name@example.org"
	}
	return ""
}
