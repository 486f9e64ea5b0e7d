package devstack

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
)

var goTools struct {
	sync.Mutex
	paths map[string]string
}

// goToolBinary returns the binary of a tool dependency in go.mod (the
// variable envBin overrides). `go tool -n` builds it once into the Go build
// cache and prints its path; later calls only look it up.
func goToolBinary(ctx context.Context, tool, envBin string) (string, error) {
	if bin := os.Getenv(envBin); bin != "" {
		return bin, nil
	}
	goTools.Lock()
	defer goTools.Unlock()
	if p := goTools.paths[tool]; p != "" {
		return p, nil
	}
	root, err := moduleRoot()
	if err != nil {
		return "", fmt.Errorf("%s: %w; or set %s to a %s binary", tool, err, envBin, tool)
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("%s is built with the go command, which is not on PATH: install Go or set %s", tool, envBin)
	}
	cmd := exec.CommandContext(ctx, goBin, "tool", "-n", tool)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = strings.TrimSpace(string(ee.Stderr))
		}
		return "", fmt.Errorf("%s: go tool -n %s in %s: %w: %s", tool, tool, root, err, msg)
	}
	if goTools.paths == nil {
		goTools.paths = map[string]string{}
	}
	goTools.paths[tool] = strings.TrimSpace(string(out))
	return goTools.paths[tool], nil
}
