package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"callmatch/devstack"
)

// listeningPID finds the process listening on 127.0.0.1:port (or on every
// address) through /proc: the socket's inode in /proc/net/tcp, then the
// process holding a descriptor to it.
func listeningPID(port string) (int, error) {
	p, err := strconv.Atoi(port)
	if err != nil {
		return 0, err
	}
	want := map[string]bool{
		fmt.Sprintf("0100007F:%04X", p): true, fmt.Sprintf("00000000:%04X", p): true,
		fmt.Sprintf("00000000000000000000000000000000:%04X", p): true,
	}
	var inode string
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			// sl local_address rem_address st … inode; 0A is LISTEN.
			if len(fields) > 9 && want[fields[1]] && fields[3] == "0A" {
				inode = fields[9]
			}
		}
		f.Close()
	}
	if inode == "" {
		return 0, fmt.Errorf("nothing listens on port %d", p)
	}
	procs, err := os.ReadDir("/proc")
	if err != nil {
		return 0, err
	}
	target := "socket:[" + inode + "]"
	for _, e := range procs {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		fds, err := os.ReadDir(filepath.Join("/proc", e.Name(), "fd"))
		if err != nil {
			continue // another user's process
		}
		for _, fd := range fds {
			if l, _ := os.Readlink(filepath.Join("/proc", e.Name(), "fd", fd.Name())); l == target {
				return pid, nil
			}
		}
	}
	return 0, fmt.Errorf("no visible process holds the socket listening on port %d", p)
}

// procMemory reads VmRSS and VmHWM (peak RSS) of pid, in bytes.
func procMemory(pid int) (rss, hwm int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		f := strings.Fields(v) // "123456 kB"
		if len(f) < 1 {
			continue
		}
		n, _ := strconv.ParseInt(f[0], 10, 64)
		if k == "VmRSS" {
			rss = n << 10
		} else {
			hwm = n << 10
		}
	}
	return rss, hwm, nil
}

// resetPeakRSS makes VmHWM start again from the current RSS (Linux
// clear_refs value 5), so that the peak reported covers the load test and
// not, say, the seeding the server did when it started. It needs the same
// rights as ptrace; without them the peak covers the process's whole life.
func resetPeakRSS(pid int) bool {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0) == nil
}

// rssSampler records the highest RSS it sees.
type rssSampler struct {
	pid      int
	hwmSince string
	mu       sync.Mutex
	peak     int64
	done     chan struct{}
	wg       sync.WaitGroup
}

func sampleRSS(pid int, every time.Duration) *rssSampler {
	s := &rssSampler{pid: pid, done: make(chan struct{}), hwmSince: "the server started"}
	if resetPeakRSS(pid) {
		s.hwmSince = "the load test began"
	}
	s.wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if rss, _, err := procMemory(pid); err == nil {
				s.mu.Lock()
				s.peak = max(s.peak, rss)
				s.mu.Unlock()
			}
			select {
			case <-s.done:
				return
			case <-t.C:
			}
		}
	})
	return s
}

// stop ends sampling and returns the sampled peak and the kernel's VmHWM.
func (s *rssSampler) stop() (peak, hwm int64) {
	close(s.done)
	s.wg.Wait()
	_, hwm, _ = procMemory(s.pid)
	s.mu.Lock()
	defer s.mu.Unlock()
	return max(s.peak, 0), hwm
}

// devLogPath is where a server started by --start-dev writes its output.
func devLogPath(dir string) string { return filepath.Join(dir, "loadtest-server.log") }

// devServer is a `callmatch dev` this load test started.
type devServer struct {
	cmd  *exec.Cmd
	url  *url.URL
	pid  int
	done chan struct{}
}

// startDevServer runs this binary's `dev` command on a free loopback port
// with a demo catalog of n vendors and no practical limit on public
// submissions per address (every request comes from 127.0.0.1), and waits
// until it is ready. A server that had to seed the catalog first is
// restarted, so that the memory measured is a server's, not a seeder's.
func startDevServer(ctx context.Context, dir string, n int, out io.Writer) (*devServer, error) {
	s, err := launchDevServer(ctx, dir, n, out)
	if err != nil {
		return nil, err
	}
	if log, _ := os.ReadFile(devLogPath(dir)); !strings.Contains(string(log), "demo data:") {
		return s, nil
	}
	fmt.Fprintln(out, "the catalog was seeded by this server; restarting it")
	s.stop(out)
	return launchDevServer(ctx, dir, n, out)
}

func launchDevServer(ctx context.Context, dir string, n int, out io.Writer) (*devServer, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	log, err := os.Create(devLogPath(dir))
	if err != nil {
		return nil, err
	}
	defer log.Close() // the child has its own descriptor
	cmd := exec.Command(exe, "dev", "--addr", addr, "--data-dir", dir, "--demo-vendors", strconv.Itoa(n))
	cmd.Env = append(os.Environ(), "CALLMATCH_INTAKE_RATE_LIMIT=1000000000")
	cmd.Stdout, cmd.Stderr = log, log
	// Its own process group keeps a terminal's Ctrl-C for us; we stop it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	fmt.Fprintf(out, "starting `callmatch dev --demo-vendors %d` on %s (data %s, log %s) …\n", n, addr, dir, devLogPath(dir))
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &devServer{cmd: cmd, url: &url.URL{Scheme: "http", Host: addr}, pid: cmd.Process.Pid, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(s.done) }()
	began := time.Now()
	if err := s.waitReady(ctx, 10*time.Minute); err != nil {
		s.stop(out)
		return nil, fmt.Errorf("loadtest: the dev server did not become ready: %w (see %s)", err, devLogPath(dir))
	}
	fmt.Fprintf(out, "dev server ready in %s\n", time.Since(began).Round(time.Second))
	return s, nil
}

func (s *devServer) waitReady(ctx context.Context, within time.Duration) error {
	deadline := time.Now().Add(within)
	c := &http.Client{Timeout: 2 * time.Second}
	for time.Now().Before(deadline) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.url.String()+"/readyz", nil)
		if resp, err := c.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.done:
			return errors.New("it exited")
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
	return fmt.Errorf("not ready after %s", within)
}

// stop interrupts the server as Ctrl-C would, so that it stops its
// services, and kills it if it has not exited within a minute.
func (s *devServer) stop(out io.Writer) {
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(time.Minute):
		fmt.Fprintln(out, "dev server did not stop within a minute; killing it")
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// cpuSplit is CPU time spent by the server process, by the processes below
// it (PostgreSQL and the other services `callmatch dev` runs, with the
// backends they have reaped), and by this load generator.
type cpuSplit struct{ server, services, loadgen time.Duration }

func (a cpuSplit) sub(b cpuSplit) cpuSplit {
	return cpuSplit{a.server - b.server, a.services - b.services, a.loadgen - b.loadgen}
}

// cpuNow reads the split now; pid 0 gives the load generator's alone.
func cpuNow(pid int) cpuSplit {
	var s cpuSplit
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		s.loadgen = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	if pid == 0 {
		return s
	}
	procs := devstack.Processes()
	s.server = procs[pid].CPU
	for _, d := range devstack.Descendants(procs, pid) {
		s.services += procs[d].CPU + procs[d].ReapedCPU
	}
	return s
}

// loadAverage is /proc/loadavg's 1, 5 and 15 minute figures.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}
