package postgres

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"gorm.io/gorm"

	"callmatch"
	"callmatch/devstack/pgtest"
)

// TestTimeoutsAreUnavailable: a statement cut short by statement_timeout,
// or by the caller's deadline inside a transaction, or by a deadline while
// the server says nothing at all, tells the client to retry (503); a caller
// that went away (cancelled) is not the database's fault and is not.
func TestTimeoutsAreUnavailable(t *testing.T) {
	t.Parallel()
	db, err := OpenWith(t.Context(), pgtest.NewDB(t), nil, Timeouts{Connect: 5 * time.Second, Statement: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var setting string
	if err := db.SQL().QueryRowContext(t.Context(), "SHOW statement_timeout").Scan(&setting); err != nil || setting != "100ms" {
		t.Fatalf("statement_timeout %q (%v), want 100ms on every connection", setting, err)
	}
	sleep := func(tx *gorm.DB) error { return tx.Exec("SELECT pg_sleep(2)").Error }

	t.Run("statement_timeout", func(t *testing.T) {
		wantUnavailable(t, translate("sleep", sleep(db.gorm.WithContext(t.Context()))))
	})
	t.Run("deadline in a transaction", func(t *testing.T) {
		long, err := OpenWith(t.Context(), pgtest.NewDB(t), nil, Timeouts{Connect: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer long.Close()
		ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
		defer cancel()
		wantUnavailable(t, translate("sleep", long.InTx(ctx, sleep)))
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(50*time.Millisecond, cancel)
		err := translate("sleep", db.InTx(ctx, sleep))
		if code := callmatch.ErrorCode(err); code == callmatch.EUNAVAILABLE {
			t.Errorf("a cancelled caller got %v, want no unavailable", err)
		}
	})
	t.Run("no answer", func(t *testing.T) {
		hang := make(chan struct{})
		t.Cleanup(func() { close(hang) })
		addr := fakeServer(t, func(c net.Conn, b *pgproto3.Backend) {
			if _, err := b.ReceiveStartupMessage(); err != nil {
				return
			}
			b.Send(&pgproto3.AuthenticationOk{})
			b.Send(&pgproto3.ReadyForQuery{TxStatus: 'I'})
			if b.Flush() == nil {
				<-hang // a partition: the statement is never answered
			}
		})
		conn, err := pgconn.Connect(t.Context(), "postgres://postgres@"+addr+"/db?sslmode=disable")
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
		defer cancel()
		_, err = conn.Exec(ctx, "SELECT 1").ReadAll()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("exec: %v, want the deadline", err)
		}
		wantUnavailable(t, translate("select", err))
	})
}
