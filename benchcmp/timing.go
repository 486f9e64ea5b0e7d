package benchcmp

import (
	"slices"
	"syscall"
	"time"
)

// Budget bounds how long one system is timed: at least MinRuns runs and
// MinTime, at most MaxRuns runs or MaxTime, after one untimed warm-up run.
type Budget struct {
	MinRuns, MaxRuns int
	MinTime, MaxTime time.Duration
}

// DefaultBudget keeps a 100k-vendor SQL run (seconds each) to about half a
// minute while giving the millisecond systems dozens of runs.
var DefaultBudget = Budget{MinRuns: 5, MaxRuns: 200, MinTime: 2 * time.Second, MaxTime: 30 * time.Second}

// Timing is what timing one system found.
type Timing struct {
	Runs   int
	Median time.Duration
	Min    time.Duration
	// CPU is this process's CPU time per run: for the in-process engine it
	// is the work itself, unlike wall time, which other processes on a
	// busy machine inflate. Zero for out-of-process systems.
	CPU time.Duration
}

// measure runs fn under budget b; inProcess reports CPU per run.
func measure(b Budget, inProcess bool, fn func() error) (Timing, error) {
	if err := fn(); err != nil { // warm-up: caches, plans, connections
		return Timing{}, err
	}
	var ds []time.Duration
	began, cpu0 := time.Now(), cpuTime()
	for len(ds) < b.MaxRuns {
		elapsed := time.Since(began)
		if len(ds) >= b.MinRuns && (elapsed >= b.MinTime || elapsed >= b.MaxTime) {
			break
		}
		if elapsed >= b.MaxTime && len(ds) > 0 {
			break
		}
		t0 := time.Now()
		if err := fn(); err != nil {
			return Timing{}, err
		}
		ds = append(ds, time.Since(t0))
	}
	t := Timing{Runs: len(ds), Median: median(ds), Min: slices.Min(ds)}
	if inProcess {
		t.CPU = (cpuTime() - cpu0) / time.Duration(len(ds))
	}
	return t, nil
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
