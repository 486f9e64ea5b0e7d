package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"gorm.io/gorm"

	"callmatch"
	"callmatch/account"
	"callmatch/devstack/pgtest"
)

// TestUnreachable classifies what pgx returns when the server is down,
// restarting, full or gone mid-statement (unavailable: the client should
// retry), against errors about the statement itself (not unavailable).
// The connection failures are real ones, from a fake server.
func TestUnreachable(t *testing.T) {
	t.Parallel()
	pgErr := func(code string) error { return &pgconn.PgError{Severity: "FATAL", Code: code} }
	for _, c := range []struct {
		name string
		err  func(t *testing.T) error
		want bool
	}{
		{"refused", func(t *testing.T) error { return connect(t, closedPort(t)) }, true},
		{"closed during startup", func(t *testing.T) error {
			return connect(t, fakeServer(t, func(net.Conn, *pgproto3.Backend) {}))
		}, true},
		{"no answer before the deadline", func(t *testing.T) error {
			hang := make(chan struct{})
			t.Cleanup(func() { close(hang) })
			return connect(t, fakeServer(t, func(net.Conn, *pgproto3.Backend) { <-hang }))
		}, true},
		{"starting up", func(t *testing.T) error { return connect(t, refusingServer(t, "57P03")) }, true},
		{"too many connections", func(t *testing.T) error { return connect(t, refusingServer(t, "53300")) }, true},
		{"EOF mid-statement", func(t *testing.T) error {
			return execOn(t, func(c net.Conn, b *pgproto3.Backend) { b.Receive() })
		}, true},
		{"reset mid-statement", func(t *testing.T) error {
			return execOn(t, func(c net.Conn, b *pgproto3.Backend) {
				b.Receive()
				c.(*net.TCPConn).SetLinger(0) // close with RST
			})
		}, true},
		{"terminated mid-statement", func(t *testing.T) error {
			return execOn(t, func(c net.Conn, b *pgproto3.Backend) {
				b.Receive()
				b.Send(&pgproto3.ErrorResponse{Severity: "FATAL", Code: "57P01", Message: "terminating connection due to administrator command"})
				b.Flush()
			})
		}, true},
		{"08006", func(*testing.T) error { return pgErr("08006") }, true},
		{"08001", func(*testing.T) error { return pgErr("08001") }, true},
		{"57P01", func(*testing.T) error { return pgErr("57P01") }, true},
		{"57P02", func(*testing.T) error { return pgErr("57P02") }, true},
		{"57P03", func(*testing.T) error { return pgErr("57P03") }, true},
		{"53300", func(*testing.T) error { return pgErr("53300") }, true},
		{"net.OpError", func(*testing.T) error {
			return fmt.Errorf("failed to receive message: %w", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET})
		}, true},
		{"unexpected EOF", func(*testing.T) error { return fmt.Errorf("failed to receive message: %w", io.ErrUnexpectedEOF) }, true},
		{"conn closed", func(*testing.T) error { return fmt.Errorf("x: %w", pgconn.ErrConnClosed) }, true},
		{"bad conn", func(*testing.T) error { return fmt.Errorf("x: %w", driver.ErrBadConn) }, true},

		{"unique violation", func(*testing.T) error { return pgErr("23505") }, false},
		{"statement timeout", func(*testing.T) error { return pgErr("57014") }, false},
		{"serialization failure", func(*testing.T) error { return pgErr("40001") }, false},
		{"request deadline", func(*testing.T) error { return fmt.Errorf("x: %w", context.DeadlineExceeded) }, false},
		{"request canceled", func(*testing.T) error { return context.Canceled }, false},
		{"not found", func(*testing.T) error { return gorm.ErrRecordNotFound }, false},
		{"other", func(*testing.T) error { return errors.New("boom") }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := c.err(t)
			if err == nil {
				t.Fatal("no error")
			}
			if got := unreachable(err); got != c.want {
				t.Fatalf("unreachable(%v) = %t, want %t", err, got, c.want)
			}
			if c.want {
				wantUnavailable(t, translate("find thing", err))
			}
		})
	}
}

// wantUnavailable checks that err tells the client to retry shortly and
// keeps its cause for the log only.
func wantUnavailable(t *testing.T, err error) {
	t.Helper()
	var e *callmatch.Error
	if !errors.As(err, &e) || e.Code != callmatch.EUNAVAILABLE || e.RetryAfter != retryAfter {
		t.Fatalf("err = %v (%#v), want unavailable with Retry-After", err, e)
	}
	if msg := callmatch.ErrorMessage(err); strings.Contains(msg, "postgres") {
		t.Errorf("message %q names internals", msg)
	}
	if !strings.Contains(err.Error(), "(postgres ") {
		t.Errorf("%q lost its cause", err)
	}
}

// TestStoresUnavailableWhenDatabaseGoesAway cuts every connection to the
// database, as a crash or failover does, and then refuses new ones: store
// calls must answer unavailable, not internal.
func TestStoresUnavailableWhenDatabaseGoesAway(t *testing.T) {
	t.Parallel()
	u, err := url.Parse(pgtest.NewDB(t))
	if err != nil {
		t.Fatal(err)
	}
	proxy := newTCPProxy(t, u.Host)
	u.Host = proxy.Addr()
	db, err := Open(t.Context(), u.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	vendors, accounts := NewVendorStore(db), NewAccountStore(db)
	v := mustCreate(t, vendors, testVendor("alpha"))
	_, hash := account.NewToken()
	if _, err := accounts.FindUserByAPIToken(t.Context(), hash, time.Now()); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Fatalf("before: %v", err)
	}

	proxy.Close()
	// The first call finds its pooled connection cut, the later ones find
	// nobody listening.
	for i := range 2 {
		_, err := vendors.FindVendorByID(t.Context(), v.ID)
		t.Logf("call %d: %v", i, err)
		wantUnavailable(t, err)
	}
	_, err = accounts.FindUserByAPIToken(t.Context(), hash, time.Now())
	wantUnavailable(t, err)
	_, err = db.ClaimOutbox(t.Context(), AggregateVendor, 10)
	wantUnavailable(t, err)
}

// TestPoolKeepsIdleConnections: a burst that uses the whole pool must not
// close connections when it ends, only for the next burst to open them again.
func TestPoolKeepsIdleConnections(t *testing.T) {
	t.Parallel()
	db, err := Open(t.Context(), pgtest.NewDB(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conns := make([]*sql.Conn, poolSize)
	for i := range conns {
		if conns[i], err = db.SQL().Conn(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range conns {
		c.Close()
	}
	if s := db.SQL().Stats(); s.OpenConnections != poolSize || s.Idle != poolSize || s.MaxIdleClosed != 0 {
		t.Errorf("after a burst of %d: %d open, %d idle, %d closed for being idle over the limit",
			poolSize, s.OpenConnections, s.Idle, s.MaxIdleClosed)
	}
}

// connect dials addr the way the pool does, with a deadline short enough
// for a server that never answers.
func connect(t *testing.T, addr string) error {
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	conn, err := pgconn.Connect(ctx, "postgres://postgres@"+addr+"/db?sslmode=disable")
	if err == nil {
		conn.Close(ctx)
	}
	return err
}

// execOn connects to a fake server that accepts the connection and then
// handles one statement with fail, and returns what the statement returned.
func execOn(t *testing.T, fail func(net.Conn, *pgproto3.Backend)) error {
	addr := fakeServer(t, func(c net.Conn, b *pgproto3.Backend) {
		if _, err := b.ReceiveStartupMessage(); err != nil {
			return
		}
		b.Send(&pgproto3.AuthenticationOk{})
		b.Send(&pgproto3.BackendKeyData{ProcessID: 1, SecretKey: []byte{0, 0, 0, 1}})
		b.Send(&pgproto3.ReadyForQuery{TxStatus: 'I'})
		if b.Flush() == nil {
			fail(c, b)
		}
	})
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	conn, err := pgconn.Connect(ctx, "postgres://postgres@"+addr+"/db?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "SELECT 1").ReadAll()
	return err
}

// refusingServer answers every startup with a FATAL error of code.
func refusingServer(t *testing.T, code string) string {
	return fakeServer(t, func(_ net.Conn, b *pgproto3.Backend) {
		if _, err := b.ReceiveStartupMessage(); err != nil {
			return
		}
		b.Send(&pgproto3.ErrorResponse{Severity: "FATAL", Code: code, Message: "go away"})
		b.Flush()
	})
}

// fakeServer accepts connections on a local port and hands each to serve,
// closing it when serve returns.
func fakeServer(t *testing.T, serve func(net.Conn, *pgproto3.Backend)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				serve(c, pgproto3.NewBackend(c, c))
			}()
		}
	}()
	return ln.Addr().String()
}

// closedPort returns a local address nobody listens on.
func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// tcpProxy forwards connections to a server until Close, which also cuts
// the connections it carries: to the client, the server is gone.
type tcpProxy struct {
	ln     net.Listener
	mu     sync.Mutex
	closed bool
	conns  []net.Conn
}

func newTCPProxy(t *testing.T, target string) *tcpProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{ln: ln}
	t.Cleanup(p.Close)
	go func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("tcp", target)
			if err != nil {
				client.Close()
				continue
			}
			if !p.track(client, server) {
				return
			}
			go func() { io.Copy(server, client); server.Close() }()
			go func() { io.Copy(client, server); client.Close() }()
		}
	}()
	return p
}

func (p *tcpProxy) Addr() string { return p.ln.Addr().String() }

func (p *tcpProxy) track(conns ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		for _, c := range conns {
			c.Close()
		}
		return false
	}
	p.conns = append(p.conns, conns...)
	return true
}

func (p *tcpProxy) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.closed = true
	p.ln.Close()
	for _, c := range p.conns {
		c.Close()
	}
}
