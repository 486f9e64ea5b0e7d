package postgres

import (
	"context"

	"gorm.io/gorm"

	"callmatch/mail"
)

// queueMail queues msgs in tx, the transaction of their cause.
//
// CONTRACT (session 4): implemented by the mail owner (messages table,
// encryption, a River job per message in the same transaction).
func queueMail(ctx context.Context, tx *gorm.DB, msgs ...mail.Message) error { return nil }
