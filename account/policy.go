package account

import "callmatch"

// The authorization policy: pure functions of the actor (and the vendor an
// object belongs to) returning nil or a *callmatch.Error. Handlers call one
// before touching the store, so a refused request writes nothing.
//
// The answers:
//   - anonymous (no signed-in user, including system actors such as a
//     campaign holding its private link): unauthorized, for everything here;
//   - a signed-in user whose role may never do the thing: forbidden;
//   - a vendor user asking about another vendor's object: not_found, the
//     same answer as for an ID that does not exist, so that probing IDs
//     does not reveal which vendors (or certifications) exist. Handlers must
//     therefore check the policy for per-vendor objects after learning the
//     owning vendor and answer a missing object with the same not_found.
//
// Checks that do not depend on a vendor (verify, set status, create) answer
// forbidden to every vendor user regardless of the object, which reveals
// nothing either; call them before looking the object up.

// Credentials a signed-in user can present (callmatch.Actor.Credential).
const (
	CredentialSession  = "session"   // the session cookie of a password sign-in
	CredentialAPIToken = "api_token" // a bearer API token
)

// ActorForUser is the actor for a request made by u (nil: anonymous) with
// the given credential.
func ActorForUser(u *User, credential, requestID string) callmatch.Actor {
	if u == nil {
		return callmatch.Actor{RequestID: requestID}
	}
	return callmatch.Actor{UserID: u.ID, Email: u.Email, Role: u.Role, VendorID: u.VendorID, RequestID: requestID, Credential: credential}
}

// CanListVendors: staff browse and search the whole catalog; a vendor user
// only ever sees its own vendor, by ID.
func CanListVendors(a callmatch.Actor) error { return staffOnly(a, "list vendors") }

// CanReadVendor: staff read every vendor; a vendor user reads its own.
func CanReadVendor(a callmatch.Actor, vendorID string) error { return ownVendorOrStaff(a, vendorID) }

// CanEditVendor covers PATCH and the capacity calendar: staff edit every
// vendor, a vendor user its own (but see CanSetVendorStatus).
func CanEditVendor(a callmatch.Actor, vendorID string) error { return ownVendorOrStaff(a, vendorID) }

// CanSetVendorStatus: the status (active, paused…) is the marketplace's
// judgement of a vendor, so a vendor can never change its own.
func CanSetVendorStatus(a callmatch.Actor) error { return staffOnly(a, "change a vendor's status") }

// CanCreateVendor: vendors are onboarded by staff.
func CanCreateVendor(a callmatch.Actor) error { return staffOnly(a, "create vendors") }

// CanSubmitCertification: a vendor submits certifications (as pending) for
// itself; staff may submit for any vendor.
func CanSubmitCertification(a callmatch.Actor, vendorID string) error {
	return ownVendorOrStaff(a, vendorID)
}

// CanVerifyCertification: only staff decide; a vendor verifying its own
// certificate would make verification meaningless.
func CanVerifyCertification(a callmatch.Actor) error {
	return staffOnly(a, "verify certifications")
}

// CanManageIntakes covers campaign intakes, shortlists, engagements and
// what-if matching: advisory work, so staff only. Admins are included
// because an admin can do everything an advisor can.
func CanManageIntakes(a callmatch.Actor) error { return staffOnly(a, "see campaign intakes") }

// CanManageFees: referral fee terms are money and contracts, so admins only.
func CanManageFees(a callmatch.Actor) error {
	if err := signedIn(a); err != nil {
		return err
	}
	if a.Role != callmatch.RoleAdmin {
		return callmatch.Errorf(callmatch.EFORBIDDEN, "Only admins may manage fees.")
	}
	return nil
}

// CanListInvoices returns the one vendor whose invoices a may see, or ""
// when a may see every vendor's (staff). The handler must filter by it.
func CanListInvoices(a callmatch.Actor) (vendorID string, err error) {
	if err := signedIn(a); err != nil {
		return "", err
	}
	switch {
	case a.IsStaff():
		return "", nil
	case a.Role == callmatch.RoleVendor && a.VendorID != "":
		return a.VendorID, nil
	}
	return "", callmatch.Errorf(callmatch.EFORBIDDEN, "You may not see invoices.")
}

// CanIssueAPIToken: any signed-in user may get a token acting as themself,
// but only from a password sign-in. A token that could mint tokens would let
// a leaked one outlive its own expiry and revocation.
func CanIssueAPIToken(a callmatch.Actor) error {
	if err := signedIn(a); err != nil {
		return err
	}
	if a.Credential == CredentialAPIToken {
		return callmatch.Errorf(callmatch.EFORBIDDEN, "An API token cannot create API tokens; create one from a signed-in session (sign in with your password).")
	}
	return nil
}

// CanManageOwnAccount covers listing and revoking one's own API tokens and
// signing out everywhere: every signed-in user, however signed in, for
// themself only (the store is always asked for the actor's own objects).
// Revoking only ever takes access away, so a token may do it too.
func CanManageOwnAccount(a callmatch.Actor) error { return signedIn(a) }

func signedIn(a callmatch.Actor) error {
	if a.UserID == "" {
		return callmatch.Errorf(callmatch.EUNAUTHORIZED, "Sign in first.")
	}
	return nil
}

func staffOnly(a callmatch.Actor, what string) error {
	if err := signedIn(a); err != nil {
		return err
	}
	if !a.IsStaff() {
		return callmatch.Errorf(callmatch.EFORBIDDEN, "Only advisors and admins may %s.", what)
	}
	return nil
}

func ownVendorOrStaff(a callmatch.Actor, vendorID string) error {
	if err := signedIn(a); err != nil {
		return err
	}
	switch {
	case a.IsStaff():
		return nil
	case a.Role == callmatch.RoleVendor:
		// An empty VendorID on either side never matches: a vendor user
		// without a vendor owns nothing.
		if a.VendorID != "" && a.VendorID == vendorID {
			return nil
		}
		return ErrVendorNotFound(vendorID)
	}
	return callmatch.Errorf(callmatch.EFORBIDDEN, "You may not see vendors.")
}

// ErrVendorNotFound is the not_found answer for a vendor that the actor may
// not know about. Its wording is the vendor store's for a missing vendor
// (postgres/vendor.go), so that the two cannot be told apart.
func ErrVendorNotFound(id string) error {
	return callmatch.Errorf(callmatch.ENOTFOUND, "Vendor %q was not found.", id)
}

// CanSetVendorStanding covers a vendor's slug, its metrics and their
// verification: the marketplace's word about a vendor, which ranks it and
// decides the "self-reported" warning, so a vendor can never set its own.
func CanSetVendorStanding(a callmatch.Actor) error {
	return staffOnly(a, "set a vendor's slug or metrics")
}
