package devstack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// server is what the three services share: one child process on loopback
// ports that stay fixed across restarts, a log file, and a readiness probe.
type server struct {
	name    string
	dir     string // the service's directory; its log is dir/name.log
	logger  *slog.Logger
	cred    *syscall.Credential // run as this user (PostgreSQL when we are root)
	stopSig syscall.Signal

	readyTimeout time.Duration
	stopTimeout  time.Duration

	// command builds the process for the current ports; probe returns nil
	// once the process serves requests.
	command func(ctx context.Context) (*exec.Cmd, error)
	probe   func(ctx context.Context) error

	mu sync.Mutex // serialises Start, Stop and Kill
	// ports are chosen on the first Start and never change after it returns,
	// so clients holding a URL reach the restarted service.
	ports      []int
	portsFixed bool
	p          *proc
}

func newServer(name, dir string, nports int, o Options) *server {
	return &server{
		name: name, dir: dir, logger: o.Logger, stopSig: syscall.SIGTERM,
		readyTimeout: o.ReadyTimeout, stopTimeout: o.StopTimeout,
		ports: make([]int, nports),
	}
}

// LogPath is the file the service's output is appended to.
func (s *server) LogPath() string { return filepath.Join(s.dir, s.name+".log") }

// PID is the process ID of the running service, or 0.
func (s *server) PID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.p == nil || s.p.exited() {
		return 0
	}
	return s.p.pid()
}

// Start starts the service and waits until it is ready. After Stop or Kill
// it starts again on the same port and data.
func (s *server) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.p != nil && !s.p.exited() {
		return fmt.Errorf("%s: already running (pid %d)", s.name, s.p.pid())
	}
	for attempt := 1; ; attempt++ {
		if !s.portsFixed {
			for i := range s.ports {
				port, err := freePort()
				if err != nil {
					return fmt.Errorf("%s: %w", s.name, err)
				}
				s.ports[i] = port
			}
		}
		err := s.launch(ctx)
		if err == nil {
			s.portsFixed = true
			return nil
		}
		// A free port can be taken between our probe and the server's bind.
		if !s.portsFixed && attempt < 3 && strings.Contains(strings.ToLower(err.Error()), "already in use") {
			s.logger.Warn("port taken, retrying", "service", s.name, "port", s.ports[0])
			continue
		}
		return err
	}
}

func (s *server) launch(ctx context.Context) error {
	cmd, err := s.command(ctx)
	if err != nil {
		return err
	}
	cmd.Dir = s.dir
	log, err := os.OpenFile(s.LogPath(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	defer log.Close() // the child holds its own descriptor
	offset, _ := log.Seek(0, io.SeekEnd)
	fmt.Fprintf(log, "=== devstack %s: %s\n", time.Now().Format(time.RFC3339), strings.Join(cmd.Args, " "))

	began := time.Now()
	p, err := startProc(cmd, log, s.cred)
	if err != nil {
		return fmt.Errorf("%s: start %s: %w", s.name, cmd.Path, err)
	}
	if err := s.waitReady(ctx, p); err != nil {
		p.kill()
		return fmt.Errorf("%s: %w (log %s):\n%s", s.name, err, s.LogPath(), tail(s.LogPath(), offset))
	}
	s.p = p
	s.logger.Info("service ready", "service", s.name, "pid", p.pid(), "ports", s.ports,
		"log", s.LogPath(), "took", time.Since(began).Round(time.Millisecond))
	return nil
}

func (s *server) waitReady(ctx context.Context, p *proc) error {
	ctx, cancel := context.WithTimeout(ctx, s.readyTimeout)
	defer cancel()
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	for {
		pctx, pcancel := context.WithTimeout(ctx, time.Second)
		err := s.probe(pctx)
		pcancel()
		if err == nil {
			return nil
		}
		select {
		case <-p.done:
			return errExited
		case <-ctx.Done():
			return fmt.Errorf("not ready after %s: %w", s.readyTimeout, errors.Join(ctx.Err(), err))
		case <-tick.C:
		}
	}
}

// Stop shuts the service down gracefully, killing it after the stop timeout.
func (s *server) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.p == nil || s.p.exited() {
		return nil
	}
	began := time.Now()
	s.p.stop(s.stopSig, s.stopTimeout)
	s.logger.Info("service stopped", "service", s.name, "took", time.Since(began).Round(time.Millisecond))
	return nil
}

// Kill SIGKILLs the service and every process it forked, as a crash would,
// and returns once they are gone. Start brings it back on the same port.
func (s *server) Kill() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.p == nil || s.p.exited() {
		return fmt.Errorf("%s: not running", s.name)
	}
	s.p.kill()
	s.logger.Info("service killed", "service", s.name)
	return nil
}

// freePort asks the kernel for a free loopback port. Another process may take
// it before the service binds it; Start retries on a new port then.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tail returns the end of what was written to path after offset, so an error
// shows why a service failed without sending the reader to the file.
func tail(path string, offset int64) string {
	const max = 2048
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size()-offset > max {
		offset = fi.Size() - max
	}
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return ""
	}
	b, _ := io.ReadAll(io.LimitReader(f, max))
	return strings.TrimRight(string(b), "\n")
}
