package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"callmatch/mail"
)

// MessageStore is the mail worker's side of the messages table: it opens a
// queued message for sending and records how sending went.
type MessageStore struct {
	db   *DB
	seal *sealer
	// Now is the clock of sent_at; tests replace it.
	Now func() time.Time
}

// NewMessageStore returns the store, opening messages sealed under key.
func NewMessageStore(db *DB, key []byte) (*MessageStore, error) {
	s, err := newSealer(key)
	if err != nil {
		return nil, fmt.Errorf("postgres: message store: %w", err)
	}
	return &MessageStore{db: db, seal: s, Now: time.Now}, nil
}

// Message status values (messages.status).
const (
	MessageQueued = "queued"
	MessageSent   = "sent"
	MessageFailed = "failed"
)

// OutgoingMessage is a message opened for sending.
type OutgoingMessage struct {
	ID     string
	Status string
	mail.Message
}

// ErrNoMessage says that the message is gone (erased with its cause): its
// job has nothing left to do.
var ErrNoMessage = errors.New("postgres: message not found")

// MessageToSend reads and opens message id.
func (s *MessageStore) MessageToSend(ctx context.Context, id string) (*OutgoingMessage, error) {
	var row struct {
		Cause, Kind, Lang, Status string
		Sealed                    []byte
	}
	err := s.db.gorm.WithContext(ctx).Raw(`SELECT cause, kind, lang, status, sealed FROM messages WHERE id = ?`, id).
		Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNoMessage
	}
	if err != nil {
		return nil, translate("read message", err)
	}
	plain, err := s.seal.open(row.Sealed, adMessage+id)
	if err != nil {
		return nil, fmt.Errorf("postgres: message %s: %w", id, err)
	}
	var sm sealedMessage
	if err := json.Unmarshal(plain, &sm); err != nil {
		return nil, fmt.Errorf("postgres: message %s: %w", id, err)
	}
	return &OutgoingMessage{ID: id, Status: row.Status, Message: mail.Message{
		Cause: row.Cause, To: sm.To, Lang: row.Lang, Kind: row.Kind, Data: sm.Data}}, nil
}

// MarkMessageSent records that attempt delivered message id. Only the
// message's own job writes its row, one attempt at a time (River runs a
// job once at a time), so there is no race to settle; the status guard
// keeps a stray repeat from moving sent_at.
func (s *MessageStore) MarkMessageSent(ctx context.Context, id string, attempt int) error {
	err := s.db.gorm.WithContext(ctx).Exec(`
		UPDATE messages SET status = 'sent', sent_at = ?, attempts = ?, last_error = ''
		WHERE id = ? AND status <> 'sent'`, s.Now().UTC(), attempt, id).Error
	return translate("mark message sent", err)
}

// RecordMessageFailure records why attempt failed; final marks the message
// failed (no try is left), otherwise it stays queued for River's retry.
// reason must hold no personal data: the desk shows it to staff.
func (s *MessageStore) RecordMessageFailure(ctx context.Context, id string, attempt int, reason string, final bool) error {
	status := MessageQueued
	if final {
		status = MessageFailed
	}
	err := s.db.gorm.WithContext(ctx).Exec(`
		UPDATE messages SET status = ?, attempts = ?, last_error = ? WHERE id = ? AND status <> 'sent'`,
		status, attempt, reason, id).Error
	return translate("record message failure", err)
}
