package postgres

import (
	"bytes"
	"errors"
	"testing"

	"gorm.io/gorm"

	"callmatch/devstack/pgtest"
	"callmatch/mail"
)

func newMailDB(t *testing.T, enable bool) *DB {
	t.Helper()
	db, err := Open(t.Context(), pgtest.NewDB(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if enable {
		if err := db.EnableMail(testDataKey); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func testMessage(cause, to string) mail.Message {
	return mail.Message{Cause: cause, To: to, Lang: "es", Kind: "test", Data: map[string]string{"token": "secret-token"}}
}

// A cause queues its message and one River job; the same cause again (in
// any case of the address) queues nothing; a rolled-back cause leaves
// neither; the row holds neither the address nor the data in the clear,
// and the worker's store opens it again.
func TestQueueMail(t *testing.T) {
	t.Parallel()
	db := newMailDB(t, true)
	ctx := t.Context()
	if err := db.QueueMail(ctx, testMessage("test:1", "Bob@Example.org"), testMessage("test:1", "carol@example.org")); err != nil {
		t.Fatal(err)
	}
	if err := db.QueueMail(ctx, testMessage("test:1", "bob@example.org")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("the cause failed")
	err := db.InTx(ctx, func(tx *gorm.DB) error {
		if err := queueMail(ctx, tx, testMessage("test:2", "bob@example.org")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if n := countRows(t, db, "messages", "true"); n != 2 {
		t.Errorf("%d messages, want 2", n)
	}
	if n := countRows(t, db, "river_job", "kind = 'mail.send' AND queue = ?", MailQueueName); n != 2 {
		t.Errorf("%d mail jobs, want 2", n)
	}
	var rows []struct {
		ID     string
		Sealed []byte
		Lang   string
	}
	if err := db.gorm.Raw(`SELECT id, sealed, lang FROM messages`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	store, err := NewMessageStore(db, testDataKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if bytes.Contains(bytes.ToLower(r.Sealed), []byte("example.org")) || bytes.Contains(r.Sealed, []byte("secret-token")) {
			t.Errorf("message %s holds personal data in the clear", r.ID)
		}
		m, err := store.MessageToSend(ctx, r.ID)
		if err != nil || m.Status != MessageQueued || m.Lang != "es" || m.Data["token"] != "secret-token" || m.Cause != "test:1" {
			t.Errorf("MessageToSend(%s): %v %+v", r.ID, err, m)
		}
	}
	var args []string
	if err := db.gorm.Raw(`SELECT args::text FROM river_job`).Scan(&args).Error; err != nil {
		t.Fatal(err)
	}
	for _, a := range args {
		if bytes.Contains([]byte(a), []byte("@")) {
			t.Errorf("job args %s hold an address", a)
		}
	}
}

// With mail off (no EnableMail) a cause queues nothing; a malformed
// message is refused, naming the field, without the address.
func TestQueueMailOffAndInvalid(t *testing.T) {
	t.Parallel()
	off := newMailDB(t, false)
	if err := off.QueueMail(t.Context(), testMessage("test:1", "bob@example.org")); err != nil || off.MailEnabled() {
		t.Fatal(err)
	}
	if n := countRows(t, off, "messages", "true"); n != 0 {
		t.Errorf("mail off queued %d messages", n)
	}
	on := newMailDB(t, true)
	bad := testMessage("test:1", "not an address")
	bad.Lang = "fr"
	err := on.QueueMail(t.Context(), bad)
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("Lang")) || bytes.Contains([]byte(err.Error()), []byte("not an address")) {
		t.Errorf("invalid message: %v", err)
	}
}
