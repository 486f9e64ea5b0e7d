package jobs

import (
	"context"
	"fmt"
	"slices"

	"callmatch"
	"callmatch/account"
	"callmatch/mail"
)

// MessageFinder reads the mail queue (postgres.MessageStore).
type MessageFinder interface {
	FindMessages(ctx context.Context, f mail.Filter) ([]mail.Record, error)
}

// MessageLog is the mail queue as staff see it: whether messages went out
// and, for those that did not, why. It lives here and not in package mail
// because account, whose policy decides, itself queues mail.
type MessageLog struct{ store MessageFinder }

// NewMessageLog returns the log over store.
func NewMessageLog(store MessageFinder) *MessageLog { return &MessageLog{store: store} }

// FindMessages lists messages for the actor in ctx, if staff.
func (l *MessageLog) FindMessages(ctx context.Context, f mail.Filter) ([]mail.Record, error) {
	if err := account.CanListMessages(callmatch.ActorFrom(ctx)); err != nil {
		return nil, err
	}
	if f.Status != "" && !slices.Contains(mail.Statuses, f.Status) {
		return nil, callmatch.FieldErrors{"status": fmt.Sprintf("must be one of %v, or empty for every message not sent", mail.Statuses)}.Err()
	}
	return l.store.FindMessages(ctx, f)
}
