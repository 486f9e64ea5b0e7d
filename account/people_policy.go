package account

import "callmatch"

// Who may manage whose account. Staff accounts are the marketplace's keys,
// so only admins create, disable or revoke them; advisors onboard vendors,
// so they manage vendor users. Nobody disables themself (a slip that would
// lock the last admin out). Granting or taking away access (inviting,
// revoking, disabling, approving an application, which invites) is done
// from a signed-in session only: a leaked API token must not be able to
// create accounts that outlive it.

// CanSeePeople: the People page is staff's.
func CanSeePeople(a callmatch.Actor) error { return staffOnly(a, "see people") }

// CanManageAccount covers inviting to, disabling and revoking an account
// of role: admins for every role, advisors for vendor users only, from a
// signed-in session.
func CanManageAccount(a callmatch.Actor, role string) error {
	if err := staffSession(a, "manage accounts"); err != nil {
		return err
	}
	if a.Role == callmatch.RoleAdmin || role == callmatch.RoleVendor {
		return nil
	}
	return callmatch.Errorf(callmatch.EFORBIDDEN, "Only admins may manage %s accounts.", role)
}

// CanReviewApplications covers reading vendor applications: onboarding is
// advisors' work (and so admins').
func CanReviewApplications(a callmatch.Actor) error {
	return staffOnly(a, "review vendor applications")
}

// CanDecideApplications covers approving (which invites the applicant)
// and rejecting an application: staff, from a signed-in session.
func CanDecideApplications(a callmatch.Actor) error {
	return staffSession(a, "approve or reject vendor applications")
}

// staffSession is staffOnly, refusing a request signed in by an API token.
func staffSession(a callmatch.Actor, what string) error {
	if err := staffOnly(a, what); err != nil {
		return err
	}
	if a.Credential == CredentialAPIToken {
		return callmatch.Errorf(callmatch.EFORBIDDEN, "Only a person may %s: do it from a signed-in session, not an API token.", what)
	}
	return nil
}
