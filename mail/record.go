package mail

import "time"

// Record is a queued message as staff see it: what was sent, why and how
// it went, never to whom or with what data.
type Record struct {
	ID        string
	Kind      string // the template
	CauseKind string // the part of Cause before its first ":", e.g. "intake.confirmation"
	Lang      string
	Status    string // queued, sent, failed
	Attempts  int
	LastError string // addresses scrubbed
	CreatedAt time.Time
	SentAt    *time.Time
}

// Message statuses.
const (
	StatusQueued = "queued"
	StatusSent   = "sent"
	StatusFailed = "failed"
)

// Filter selects records; the zero value is every message not sent yet
// (queued or failed), newest first.
type Filter struct {
	Status string // "", queued, sent or failed
	Limit  int    // default and maximum 200
}

// Statuses lists the values Filter.Status takes besides "".
var Statuses = []string{StatusQueued, StatusFailed, StatusSent}
