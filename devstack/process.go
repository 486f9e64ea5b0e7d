package devstack

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// proc is one started child process, reaped by its own goroutine.
type proc struct {
	cmd  *exec.Cmd
	done chan struct{} // closed once the process has exited and been reaped
}

// startProc starts cmd in its own process group, writing stdout and stderr
// to log. Its own group keeps a terminal's Ctrl-C away from the services, so
// the caller shuts them down in order. Pdeathsig kills a service if the Go
// process dies without stopping it (a test binary hitting its timeout);
// PostgreSQL's backends then exit on their own when they see the postmaster
// gone.
func startProc(cmd *exec.Cmd, log *os.File, cred *syscall.Credential) (*proc, error) {
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL, Credential: cred}
	if err := startOnLockedThread(cmd); err != nil {
		return nil, err
	}
	p := &proc{cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait() // the exit status of a service we stopped or killed is no news
		close(p.done)
	}()
	return p, nil
}

func (p *proc) pid() int { return p.cmd.Process.Pid }

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop sends sig to the process alone (a server forwards shutdown to its
// own children) and, if it has not exited within timeout, kills it.
func (p *proc) stop(sig syscall.Signal, timeout time.Duration) {
	if p.exited() {
		return
	}
	_ = syscall.Kill(p.pid(), sig)
	select {
	case <-p.done:
	case <-time.After(timeout):
		p.kill()
	}
}

// kill SIGKILLs the process and everything it forked, as a crash of the
// machine would, and waits until none of them is left alive: PostgreSQL
// refuses to restart on a data dir while an old backend still holds its
// shared memory. PostgreSQL backends call setsid, so killing the process
// group is not enough; the process is stopped first so that it cannot fork
// while we collect its descendants.
func (p *proc) kill() {
	_ = syscall.Kill(p.pid(), syscall.SIGSTOP)
	victims := append(Descendants(Processes(), p.pid()), p.pid())
	_ = syscall.Kill(-p.pid(), syscall.SIGKILL)
	for _, pid := range victims {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	<-p.done
	waitGone(victims, 10*time.Second)
}

// waitGone waits until none of pids is alive. Orphans are reaped by init,
// which in a container may never happen, so zombies count as gone.
func waitGone(pids []int, timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		procs := Processes()
		alive := false
		for _, pid := range pids {
			if p, ok := procs[pid]; ok && p.State != "Z" && p.State != "X" {
				alive = true
			}
		}
		if !alive {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Process is what /proc/PID/stat says of one process.
type Process struct {
	State     string        // R, S, D, Z, X, …
	PPID      int           // parent
	CPU       time.Duration // user and system time of the process itself
	ReapedCPU time.Duration // of the children it has waited for
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat times: 100 on every
// Linux build Go supports.
const clockTicks = 100

// Processes reads every visible process from /proc.
func Processes() map[int]Process {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	out := make(map[int]Process, len(entries))
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid … utime(14) stime(15) cutime(16) cstime(17);
		// comm may contain spaces and parentheses.
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(b[i+1:]))
		if len(f) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		p := Process{State: f[0], PPID: ppid}
		if len(f) >= 15 {
			ticks := func(k int) time.Duration {
				v, _ := strconv.ParseInt(f[k], 10, 64)
				return time.Duration(v) * time.Second / clockTicks
			}
			p.CPU, p.ReapedCPU = ticks(11)+ticks(12), ticks(13)+ticks(14)
		}
		out[pid] = p
	}
	return out
}

// Descendants lists the processes below pid in procs.
func Descendants(procs map[int]Process, pid int) []int {
	children := map[int][]int{}
	for child, p := range procs {
		children[p.PPID] = append(children[p.PPID], child)
	}
	var out []int
	for todo := children[pid]; len(todo) > 0; {
		c := todo[0]
		todo = append(todo[1:], children[c]...)
		out = append(out, c)
	}
	return out
}

// processName returns the command name of pid, or "" if there is none.
func processName(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// The kernel sends Pdeathsig when the OS thread that forked the child exits,
// not when the process does, and the Go runtime may retire threads
// (golang/go#27505). Forking from one goroutine locked to a thread that never
// exits ties the signal to the life of the process.
var (
	spawnOnce sync.Once
	spawnReqs chan spawnReq
)

type spawnReq struct {
	cmd  *exec.Cmd
	done chan error
}

func startOnLockedThread(cmd *exec.Cmd) error {
	spawnOnce.Do(func() {
		spawnReqs = make(chan spawnReq)
		go func() {
			runtime.LockOSThread() // never unlocked, so the thread lives as long as the process
			for r := range spawnReqs {
				r.done <- r.cmd.Start()
			}
		}()
	})
	done := make(chan error, 1)
	spawnReqs <- spawnReq{cmd, done}
	return <-done
}

var errExited = errors.New("exited before it was ready")
