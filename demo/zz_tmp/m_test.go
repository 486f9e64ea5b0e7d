package dd

import (
	"runtime"
	"syscall"
	"testing"
	"time"

	"callmatch/demo"
)

func cpu() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestScale(t *testing.T) {
	for _, n := range []int{100_000, 1_000_000} {
		runtime.GC()
		var ms runtime.MemStats
		c0, start := cpu(), time.Now()
		vs := demo.Vendors(n)
		el, c := time.Since(start), cpu()-c0
		runtime.GC()
		runtime.ReadMemStats(&ms)
		t.Logf("%d vendors: wall %v cpu %v, live heap %d MB", n, el, c, ms.HeapAlloc>>20)
		runtime.KeepAlive(vs)
		vs = nil
	}
}
