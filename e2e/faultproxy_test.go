package e2e

import (
	"net"
	"sync"
	"testing"
	"time"
)

// faultProxy is a TCP proxy on loopback between the app and one of its
// dependencies that plays the network's faults an operator meets with a
// cloud database: it passes traffic, delays every chunk by a latency, or
// partitions: connections are still accepted (a middlebox answers the
// handshake) but nothing gets through either way. Existing connections
// fall silent; what was sent on them meanwhile arrives once the partition
// heals, as TCP's retransmissions would deliver it, closes included. A
// connection opened during the partition never reaches the server.
type faultProxy struct {
	ln     net.Listener
	target string

	mu       sync.Mutex
	latency  time.Duration
	parted   bool
	healed   chan struct{} // closed when the current partition ends
	conns    map[net.Conn]bool
	shutdown bool
}

func newFaultProxy(t *testing.T, target string) *faultProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &faultProxy{ln: ln, target: target, healed: make(chan struct{}), conns: map[net.Conn]bool{}}
	close(p.healed)
	t.Cleanup(p.close)
	go p.accept()
	return p
}

func (p *faultProxy) Addr() string { return p.ln.Addr().String() }

// Pass forwards everything at once; it heals a partition.
func (p *faultProxy) Pass() { p.set(0, false) }

// Latency delays every chunk, each way, by d.
func (p *faultProxy) Latency(d time.Duration) { p.set(d, false) }

// Partition drops everything until Pass or Latency.
func (p *faultProxy) Partition() { p.set(0, true) }

func (p *faultProxy) set(latency time.Duration, parted bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.latency = latency
	if parted && !p.parted {
		p.healed = make(chan struct{})
	} else if !parted && p.parted {
		close(p.healed)
	}
	p.parted = parted
}

func (p *faultProxy) state() (latency time.Duration, parted bool, healed chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.latency, p.parted, p.healed
}

func (p *faultProxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shutdown {
		c.Close()
		return false
	}
	p.conns[c] = true
	return true
}

func (p *faultProxy) close() {
	p.Pass() // lets held closes through
	p.mu.Lock()
	p.shutdown = true
	conns := p.conns
	p.conns = nil
	p.mu.Unlock()
	p.ln.Close()
	for c := range conns {
		c.Close()
	}
}

func (p *faultProxy) accept() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		if !p.track(client) {
			return
		}
		if _, parted, _ := p.state(); parted {
			go drain(client) // never reaches the server, even after the partition
			continue
		}
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			client.Close()
			continue
		}
		if !p.track(server) {
			client.Close()
			return
		}
		go p.pipe(client, server)
		go p.pipe(server, client)
	}
}

func drain(c net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		if _, err := c.Read(buf); err != nil {
			c.Close()
			return
		}
	}
}

// pipe copies src to dst, each chunk delivered at its arrival plus the
// latency of the moment, or held until the partition it was sent in heals.
func (p *faultProxy) pipe(src, dst net.Conn) {
	type chunk struct {
		b      []byte
		due    time.Time
		healed chan struct{}
	}
	q := make(chan chunk, 4096)
	go func() {
		defer dst.Close()
		for ch := range q {
			<-ch.healed
			time.Sleep(time.Until(ch.due))
			if _, err := dst.Write(ch.b); err != nil {
				return
			}
		}
	}()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		latency, _, healed := p.state()
		if n > 0 {
			q <- chunk{append([]byte(nil), buf[:n]...), time.Now().Add(latency), healed}
		}
		if err != nil {
			close(q) // the writer closes dst after what was queued
			return
		}
	}
}
