package account

import "callmatch"

// CanListMessages: staff see the mail queue (what was sent, why, and what
// failed), which shows no recipient; vendors and campaigns never do.
func CanListMessages(a callmatch.Actor) error { return staffOnly(a, "see the mail queue") }
