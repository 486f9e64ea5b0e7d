package api_test

import (
	"bytes"
	"encoding/binary"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// wireCounter is a TCP proxy between the app and the test's PostgreSQL
// that counts round trips as the network sees them: each time a client
// starts sending after the server has answered is one. That takes in
// everything a slow link makes a request wait for, whatever sent it
// (BEGIN and COMMIT, a prepare before an execute, the pool's liveness
// ping: pgconn sends "-- ping"), and needs nothing from the code under test but the database URL.
// It also reads the client's messages, so that a count that grows says
// which statement did it.
type wireCounter struct {
	ln     net.Listener
	target string

	mu     sync.Mutex
	trips  []*trip
	nextID int
}

// trip is one round trip: what the client sent before waiting.
type trip struct {
	conn                int
	query, parse, bound string // the last of each kind in the trip
	startup             bool
}

func (t *trip) String() string {
	switch {
	case t.query != "":
		return "query " + oneLine(t.query)
	case t.bound != "":
		return "execute " + oneLine(t.bound)
	case t.parse != "":
		return "prepare " + oneLine(t.parse)
	case t.startup:
		return "connect"
	}
	return "authenticate or close"
}

func oneLine(sql string) string {
	s := strings.Join(strings.Fields(sql), " ")
	if len(s) > 140 {
		s = s[:140] + "…"
	}
	return s
}

// newWireCounter proxies to the database of databaseURL and returns the
// proxy and the URL that goes through it.
func newWireCounter(t *testing.T, databaseURL string) (*wireCounter, string) {
	t.Helper()
	u, err := url.Parse(databaseURL)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	w := &wireCounter{ln: ln, target: u.Host}
	t.Cleanup(func() { ln.Close() })
	go w.accept()
	u.Host = ln.Addr().String()
	return w, u.String()
}

func (w *wireCounter) accept() {
	for {
		client, err := w.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", w.target)
		if err != nil {
			client.Close()
			continue
		}
		w.mu.Lock()
		w.nextID++
		c := &wireConn{w: w, id: w.nextID, answered: true, statements: map[string]string{}}
		w.mu.Unlock()
		go c.pipe(server, client, c.fromClient)
		go c.pipe(client, server, c.fromServer)
	}
}

// reset forgets the trips counted so far.
func (w *wireCounter) reset() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.trips = nil
}

// taken returns the trips since the last reset.
func (w *wireCounter) taken() []*trip {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]*trip(nil), w.trips...)
}

// wireConn is one proxied connection.
type wireConn struct {
	w        *wireCounter
	id       int
	answered bool  // the server spoke last: the client's next bytes start a trip
	current  *trip // the trip the client is sending
	started  bool  // past the startup message, which has no type byte
	pending  []byte
	// statements are the connection's prepared statements by name, so
	// that an execute can say what it runs.
	statements map[string]string
}

// pipe copies src to dst, telling seen about each chunk before passing it
// on: the client cannot answer what it has not received, so the order
// the proxy sees is the order that happened.
func (c *wireConn) pipe(dst, src net.Conn, seen func([]byte)) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 64<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			seen(buf[:n])
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (c *wireConn) fromServer([]byte) {
	c.w.mu.Lock()
	defer c.w.mu.Unlock()
	c.answered = true
}

func (c *wireConn) fromClient(b []byte) {
	c.w.mu.Lock()
	defer c.w.mu.Unlock()
	if c.answered {
		c.answered = false
		c.current = &trip{conn: c.id}
		c.w.trips = append(c.w.trips, c.current)
	}
	c.pending = append(c.pending, b...)
	for c.readMessage() {
	}
}

// sslRequest and gssRequest are startup codes after which the client
// sends its startup message again.
const (
	sslRequest = 80877103
	gssRequest = 80877104
)

// readMessage consumes one complete frontend message from pending and
// notes what it says; it reports false when none is complete.
func (c *wireConn) readMessage() bool {
	typ, head := byte(0), 0
	if c.started {
		if len(c.pending) < 1 {
			return false
		}
		typ, head = c.pending[0], 1
	}
	if len(c.pending) < head+4 {
		return false
	}
	n := int(binary.BigEndian.Uint32(c.pending[head:]))
	if len(c.pending) < head+n {
		return false
	}
	body := c.pending[head+4 : head+n]
	c.pending = c.pending[head+n:]
	if !c.started {
		c.current.startup = true
		code := uint32(0)
		if len(body) >= 4 {
			code = binary.BigEndian.Uint32(body)
		}
		c.started = code != sslRequest && code != gssRequest
		return true
	}
	switch typ {
	case 'Q':
		c.current.query, _ = cString(body)
	case 'P':
		name, rest := cString(body)
		sql, _ := cString(rest)
		c.statements[name] = sql
		c.current.parse = sql
	case 'B':
		_, rest := cString(body) // portal
		name, _ := cString(rest)
		c.current.bound = c.statements[name]
	}
	return true
}

// cString splits a NUL-terminated string off b.
func cString(b []byte) (string, []byte) {
	i := bytes.IndexByte(b, 0)
	if i < 0 {
		return string(b), nil
	}
	return string(b[:i]), b[i+1:]
}
