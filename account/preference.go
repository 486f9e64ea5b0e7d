package account

import (
	"context"
	"slices"

	"callmatch"
)

// Topics of optional mail a recipient may turn off. Required mail
// (invitations, resets, a campaign's link) has no topic and cannot be.
const (
	// TopicReminders: certification expiry reminders (and, later, report
	// reminders) to vendors.
	TopicReminders = "reminders"
)

// Topics lists every topic.
var Topics = []string{TopicReminders}

// OptOutLink is what a one-click link in a mail turns off.
type OptOutLink struct {
	Email string
	Topic string
	Off   bool // already off
}

// PreferenceStore keeps which addresses turned which optional mail off,
// and the links that do it (hashed).
type PreferenceStore interface {
	// FindOptOutLink returns the link's address and topic, or not_found.
	FindOptOutLink(ctx context.Context, tokenHash []byte) (*OptOutLink, error)
	// SetOptOut turns topic off (or on again) for email; repeating is a
	// no-op.
	SetOptOut(ctx context.Context, email, topic string, off bool) error
	// OptedOut reports whether email turned topic off.
	OptedOut(ctx context.Context, email, topic string) (bool, error)
}

// Preferences is the mail a person may turn off.
type Preferences struct {
	Store PreferenceStore
}

// FindOptOut returns what a link from a mail turns off, for its confirm
// page. No sign-in: the unguessable link is the permission.
func (p *Preferences) FindOptOut(ctx context.Context, token string) (*OptOutLink, error) {
	l, err := p.Store.FindOptOutLink(ctx, HashToken(token))
	if callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
		return nil, ErrLinkUnknown()
	}
	return l, err
}

// OptOut turns off what the link names. Repeating it (a double click, a
// mail client's one-click POST and then the person's) changes nothing.
func (p *Preferences) OptOut(ctx context.Context, token string) (*OptOutLink, error) {
	l, err := p.FindOptOut(ctx, token)
	if err != nil {
		return nil, err
	}
	if err := p.Store.SetOptOut(ctx, l.Email, l.Topic, true); err != nil {
		return nil, err
	}
	l.Off = true
	return l, nil
}

// Mine says whether the signed-in actor turned topic off.
func (p *Preferences) Mine(ctx context.Context, topic string) (bool, error) {
	a := callmatch.ActorFrom(ctx)
	if err := CanManageOwnAccount(a); err != nil {
		return false, err
	}
	return p.Store.OptedOut(ctx, a.Email, topic)
}

// SetMine turns topic off or on for the signed-in actor's address.
func (p *Preferences) SetMine(ctx context.Context, topic string, off bool) error {
	a := callmatch.ActorFrom(ctx)
	if err := CanManageOwnAccount(a); err != nil {
		return err
	}
	if !slices.Contains(Topics, topic) {
		var fe callmatch.FieldErrors
		fe.Addf("topic", "%q is not a topic; must be one of %v", topic, Topics)
		return fe.Err()
	}
	return p.Store.SetOptOut(ctx, a.Email, topic, off)
}
