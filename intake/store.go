package intake

import (
	"context"
	"time"

	"callmatch"
	"callmatch/matching"
)

// Store keeps intakes, their shortlists and engagements. Every write runs in
// one transaction that also writes the audit row (actor from the context);
// a write that changes an intake's status locks the intake row first and
// applies CheckTransition under that lock, so concurrent requests on one
// intake take effect one after the other. Lookups that find nothing return
// a not_found *callmatch.Error.
type Store interface {
	// CreateIntake stores a new intake, or, when s.KeyHash was used before,
	// returns that intake with created false and the token sealed with it
	// ("" once purged); a different RequestHash under the same key is a
	// conflict.
	CreateIntake(ctx context.Context, s Submission) (rec *Intake, token string, created bool, err error)
	// FindSubmission returns what CreateIntake answers a repeat of s when
	// s.KeyHash was used before (a different RequestHash is a conflict),
	// and found false when it was not; it stores nothing.
	FindSubmission(ctx context.Context, s Submission) (rec *Intake, token string, found bool, err error)
	// FindIntakeByID never includes the contact.
	FindIntakeByID(ctx context.Context, id string) (*Intake, error)
	// ReadContact returns the intake with its contact decrypted and records
	// the read in the audit log in the same transaction. An erased contact
	// is not_found.
	ReadContact(ctx context.Context, id string) (*Intake, error)
	FindIntakes(ctx context.Context, f Filter) ([]*Intake, int, error)
	// SetIntakeStatus moves the intake to status if CheckTransition allows,
	// releasing its bookings in the same transaction when
	// ReleasesBookings says so (the store's clock is today).
	SetIntakeStatus(ctx context.Context, id, status string) (*Intake, error)
	// EraseIntake destroys the contact and Anonymizes the form; erasing
	// again changes nothing.
	EraseIntake(ctx context.Context, id string) (*Intake, error)
	// PurgeReplayTokens forgets the sealed tokens of intakes created before
	// t, after which a retried submission no longer gets its token back.
	PurgeReplayTokens(ctx context.Context, before time.Time) (int64, error)

	// CreateShortlist locks the intake, lets build make the shortlist from
	// it (build must apply CheckTransition), then numbers and stores it and
	// moves the intake to shortlisted.
	CreateShortlist(ctx context.Context, intakeID string, build func(*Intake) (*Shortlist, error)) (*Shortlist, error)
	FindShortlistByID(ctx context.Context, id string) (*Shortlist, error)
	// FindShortlists returns the intake's shortlists, newest version first.
	FindShortlists(ctx context.Context, intakeID string) ([]*Shortlist, error)
	// FindSharedVersions returns the last n versions shared with the
	// campaign, newest first, each its shortlist as the share showed it
	// (Shortlist.AsShared); none before the first share.
	FindSharedVersions(ctx context.Context, intakeID string, n int) ([]*Shortlist, error)
	// FindSharedShortlists returns every shortlist shared with the
	// campaign, each as its latest share showed it (Shortlist.AsShared),
	// most recently shared first (so the first is the latest share): what
	// the campaign may sign from.
	FindSharedShortlists(ctx context.Context, intakeID string) ([]*Shortlist, error)
	// FindShares returns each shared shortlist's latest share, newest
	// first, without the shortlists.
	FindShares(ctx context.Context, intakeID string) ([]*Share, error)
	// AddShortlistEvent appends e (validated) after Shortlist.CheckEvent.
	AddShortlistEvent(ctx context.Context, shortlistID string, e Event) (*Shortlist, error)
	// ShareShortlist makes the shortlist as it stands (its events so far)
	// the campaign's next shared version and moves the intake to shared.
	// When the latest share already Covers it, it returns it unchanged.
	ShareShortlist(ctx context.Context, shortlistID string) (*Shortlist, error)

	// CreateEngagement records e (validated) with the shortlist
	// ShortlistForEngagement picks from FindSharedShortlists, moves the intake to engaged and queues
	// the engagement for billing. In the same transaction it books
	// e.Bookings: under the intake's lock and then the vendor's, it checks
	// them against the vendor as stored and its bookings by other intakes
	// (matching.CheckFree); when they do not fit, nothing is written and
	// the answer is a conflict naming the week, the language and the
	// seats declared, booked and free. The same engagement again returns
	// the first with created false; the same vendor at another value is a
	// conflict, and so is another vendor when either engagement is for
	// the whole program (only team-plan parts of vendors add up).
	CreateEngagement(ctx context.Context, e Engagement) (rec *Engagement, created bool, err error)
	FindEngagements(ctx context.Context, intakeID string) ([]*Engagement, error)

	// LinkMailKey is the rate-limit key of an address asking for its links
	// again: a keyed hash, so that no address is stored with the counter.
	LinkMailKey(addr string) string
	// MailLinkAgain queues the private link of every intake whose contact
	// address is addr (any case), at most once per intake for one window
	// start, and returns how many intakes it wrote to.
	MailLinkAgain(ctx context.Context, addr string, window time.Time) (int, error)
	// FindVendorBookings lists the vendor's bookings by week, language
	// and intake; a vendor that does not exist is not_found.
	FindVendorBookings(ctx context.Context, vendorID string) ([]*Booking, error)
	// FindOpenIntakes lists the intakes in OpenStatuses whose program ends
	// on or after today, earliest start first.
	FindOpenIntakes(ctx context.Context, today callmatch.Date) ([]*Intake, error)
}

// CatalogSource returns the current in-memory catalog snapshot that
// matching runs on. It is a function so that the service neither knows nor
// cares how the snapshot is kept fresh (LISTEN/NOTIFY in the server, a file
// in a test).
type CatalogSource func(ctx context.Context) (*matching.Catalog, error)

// ErrIntakeNotFound is the answer for an intake that does not exist and for
// a wrong or missing private link token alike, so that a link cannot be
// probed for which intakes exist.
func ErrIntakeNotFound(id string) error {
	return callmatch.Errorf(callmatch.ENOTFOUND, "Intake %q was not found.", id)
}

// ErrShortlistNotFound is the answer for a missing shortlist.
func ErrShortlistNotFound(id string) error {
	return callmatch.Errorf(callmatch.ENOTFOUND, "Shortlist %q was not found.", id)
}
