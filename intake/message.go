package intake

import (
	"context"
	"regexp"
	"strings"
	"time"

	"callmatch"
	"callmatch/account"
)

// CampaignMessage is a campaign's message to its advisor, written on its
// status page. The text may name people and numbers, so the store keeps it
// sealed and only staff read it (audited).
type CampaignMessage struct {
	ID       string
	IntakeID string
	Body     string // "" once the intake was erased
	Lang     string // the page's language: the advisor answers in it
	At       time.Time
}

// MessageStore keeps campaign messages.
type MessageStore interface {
	// CreateCampaignMessage stores m sealed, audits it and queues a mail to
	// the intake's advisors in one transaction. The same key for the same
	// intake again returns the first message with created false and
	// writes nothing.
	// It refuses an erased intake (ErrErasedNoMessages), checked under the
	// intake's lock so that a message cannot slip in beside an erasure.
	CreateCampaignMessage(ctx context.Context, m CampaignMessage, key string) (rec *CampaignMessage, created bool, err error)
	// FindCampaignMessage returns the intake's message stored with the
	// form key, opened, or not_found.
	FindCampaignMessage(ctx context.Context, intakeID, key string) (*CampaignMessage, error)
	// ReadCampaignMessages returns the intake's messages, newest first,
	// opened, and records the read in the audit log.
	ReadCampaignMessages(ctx context.Context, intakeID string) ([]*CampaignMessage, error)
}

// Limits of the message form: long enough for a question with context,
// short enough to read on the desk. A campaign may send a few an hour (and
// one client a few more), so that the form can neither flood its advisors'
// inboxes nor serve as a mail cannon.
const (
	MinMessage        = 2
	MaxMessage        = 2000
	messagesPerIntake = 5
	messagesPerClient = 20
	messageWindow     = time.Hour
)

// messageKey is the form's one-time key: what the page generated.
var messageKey = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)

// MessageDraft is what the status page's form posts.
type MessageDraft struct {
	Key  string // one per rendering of the form: a repeat of the post is one message
	Body string
	Lang string
}

// Validate trims the text and checks it and the key, naming the fields.
func (d *MessageDraft) Validate() error {
	var fe callmatch.FieldErrors
	d.Body = strings.TrimSpace(d.Body)
	if n := len([]rune(d.Body)); n < MinMessage || n > MaxMessage {
		fe.Addf("message", "write %d to %d characters", MinMessage, MaxMessage)
	}
	if !messageKey.MatchString(d.Key) {
		fe.Add("key", "is missing or malformed; reload the page and send again")
	}
	if d.Lang != "es" {
		d.Lang = "en"
	}
	return fe.Err()
}

// ErrErasedNoMessages is the answer to a message for an erased intake: its
// campaign asked to be forgotten.
func ErrErasedNoMessages() error {
	return callmatch.Errorf(callmatch.ECONFLICT, "This request was erased; it takes no messages.")
}

// SendMessage is the campaign writing to its advisor through its private
// link. l, when not nil, bounds the messages per intake and per client
// (an IPv4 address, or an IPv6 /64: account.ClientKey). Repeating the post
// (a double click, a reload) returns the message sent first, mails nobody
// again and spends none of the limits: a repeat of a stored post is
// answered before counting, and of two concurrent repeats, which meet on
// the store's unique key, the one that stored nothing takes its counts
// back. An erased intake takes no messages: its campaign asked to be
// forgotten (checked again under the intake's lock by the store).
//
// Withdrawn and closed intakes still take messages: the campaign of an
// ended program may still need its advisor (an invoice, a report, coming
// back), its advisors still see the intake on the desk, and the limits
// bound it as for any other.
func (s *Service) SendMessage(ctx context.Context, l account.Limiter, id, token, clientIP string, d MessageDraft) (*CampaignMessage, error) {
	in, err := s.authorizeLink(ctx, id, token)
	if err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if in.ErasedAt != nil {
		return nil, ErrErasedNoMessages()
	}
	if s.Inbox == nil {
		return nil, callmatch.Errorf(callmatch.EINTERNAL, "campaign messages are not configured")
	}
	ctx = asCampaign(ctx)
	if m, err := s.Inbox.FindCampaignMessage(ctx, in.ID, d.Key); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		return m, err
	}
	now := s.Now()
	var counted []string
	if l != nil {
		for _, lim := range []struct {
			key string
			n   int
		}{{"campaign.message:intake:" + in.ID, messagesPerIntake}, {"campaign.message:client:" + account.ClientKey(clientIP), messagesPerClient}} {
			ok, retry, err := l.Hit(ctx, lim.key, lim.n, messageWindow, now)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, &callmatch.Error{Code: callmatch.ERATELIMITED,
					Message: "Too many messages for now; try again later.", RetryAfter: retry}
			}
			counted = append(counted, lim.key)
		}
	}
	m, created, err := s.Inbox.CreateCampaignMessage(ctx, CampaignMessage{IntakeID: in.ID, Body: d.Body, Lang: d.Lang}, d.Key)
	if err == nil && !created {
		// A concurrent repeat stored it first: this post sent nothing.
		for _, key := range counted {
			if ferr := l.Forgive(ctx, key, messageWindow, now); ferr != nil {
				s.logger().WarnContext(ctx, "campaign message: a repeat stays counted", "err", ferr)
			}
		}
	}
	return m, err
}

// Messages returns the campaign's messages on an intake, newest first, for
// staff; the read is audited.
func (s *Service) Messages(ctx context.Context, intakeID string) ([]*CampaignMessage, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	// An intake that does not exist is not_found, not an empty list: the
	// inbox's read tells them apart.
	if s.Inbox == nil {
		if _, err := s.store.FindIntakeByID(ctx, intakeID); err != nil {
			return nil, err
		}
		return []*CampaignMessage{}, nil
	}
	return s.Inbox.ReadCampaignMessages(ctx, intakeID)
}
