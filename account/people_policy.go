package account

import "callmatch"

// Who may manage whose account. Staff accounts are the marketplace's keys,
// so only admins create, disable or revoke them; advisors onboard vendors,
// so they manage vendor users. Nobody disables themself (a slip that would
// lock the last admin out).

// CanSeePeople: the People page is staff's.
func CanSeePeople(a callmatch.Actor) error { return staffOnly(a, "see people") }

// CanManageAccount covers inviting to, disabling and revoking an account
// of role: admins for every role, advisors for vendor users only.
func CanManageAccount(a callmatch.Actor, role string) error {
	if err := staffOnly(a, "manage accounts"); err != nil {
		return err
	}
	if a.Role == callmatch.RoleAdmin || role == callmatch.RoleVendor {
		return nil
	}
	return callmatch.Errorf(callmatch.EFORBIDDEN, "Only admins may manage %s accounts.", role)
}

// CanReviewApplications: vendor applications are onboarding, advisors'
// work (and so admins').
func CanReviewApplications(a callmatch.Actor) error {
	return staffOnly(a, "review vendor applications")
}
