// Package devstack runs the real services Callmatch depends on, PostgreSQL
// 15, Meilisearch 1.21, stripe-mock and Mailpit, as child processes on free loopback
// ports, for `callmatch dev` and for tests. Each service lives in its own
// directory under Options.Dir with its log file next to its data, and can be
// killed and restarted on the same port and data for fault tests.
package devstack

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Options selects the services to start and where they keep their data.
type Options struct {
	// Dir holds one directory per service (postgres/, meilisearch/,
	// stripe-mock/, mailpit/); data there survives a Stop, so a later Start with the
	// same Dir finds it again. Empty means a new temporary directory that Stop
	// removes.
	Dir string

	Postgres   bool
	Meili      bool
	StripeMock bool
	Mailpit    bool

	// Database is created on PostgreSQL unless it exists; empty creates none.
	Database string
	// NoFsync trades durability against a machine crash for speed, for
	// throwaway test servers. Data still survives Kill.
	NoFsync bool
	// CacheInitdb fills a new data dir with a copy of a pristine cluster kept
	// in the user's cache directory instead of running initdb, which takes
	// about a second: for test binaries that each start a server.
	CacheInitdb bool
	// MeiliMasterKey defaults to DevMeiliMasterKey.
	MeiliMasterKey string

	Logger       *slog.Logger  // default: discard
	ReadyTimeout time.Duration // per service; default 60s
	StopTimeout  time.Duration // graceful stop before SIGKILL; default 15s
}

// Stack is the set of started services; the ones not selected are nil.
type Stack struct {
	Postgres   *Postgres
	Meili      *Meili
	StripeMock *StripeMock
	Mailpit    *Mailpit

	dir    string
	tmpDir bool
	logger *slog.Logger
}

// TempDir makes a new directory under the system's temporary directory
// that PostgreSQL, running as its own user when we are root, can reach as
// a data dir's parent: os.MkdirTemp makes 0700. The caller removes it.
func TempDir(pattern string) (string, error) {
	dir, err := os.MkdirTemp("", pattern)
	if err != nil {
		return "", fmt.Errorf("devstack: %w", err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		os.Remove(dir)
		return "", fmt.Errorf("devstack: %w", err)
	}
	return dir, nil
}

// Start starts the selected services side by side and returns once all are
// ready. If one fails, the others are stopped again.
func Start(ctx context.Context, o Options) (*Stack, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.ReadyTimeout <= 0 {
		o.ReadyTimeout = 60 * time.Second
	}
	if o.StopTimeout <= 0 {
		o.StopTimeout = 15 * time.Second
	}
	st := &Stack{dir: o.Dir, logger: o.Logger}
	if st.dir == "" {
		dir, err := TempDir("callmatch-stack-")
		if err != nil {
			return nil, err
		}
		st.dir, st.tmpDir = dir, true
	}
	abs, err := filepath.Abs(st.dir)
	if err != nil {
		return nil, fmt.Errorf("devstack: %w", err)
	}
	st.dir = abs

	dirs := []string{st.dir}
	var starters []func() error
	if o.Postgres {
		pgDir, err := st.postgresDir()
		if err != nil {
			return nil, st.fail(err)
		}
		pg, err := newPostgres(pgDir, o)
		if err != nil {
			return nil, st.fail(err)
		}
		st.Postgres = pg
		dirs = append(dirs, pg.dir)
		starters = append(starters, func() error {
			if err := pg.Start(ctx); err != nil {
				return err
			}
			if o.Database == "" {
				return nil
			}
			return pg.createDatabase(ctx, o.Database)
		})
	}
	if o.Meili {
		st.Meili = newMeili(filepath.Join(st.dir, "meilisearch"), o)
		dirs = append(dirs, st.Meili.dir)
		starters = append(starters, func() error { return st.Meili.Start(ctx) })
	}
	if o.StripeMock {
		st.StripeMock = newStripeMock(filepath.Join(st.dir, "stripe-mock"), o)
		dirs = append(dirs, st.StripeMock.dir)
		starters = append(starters, func() error { return st.StripeMock.Start(ctx) })
	}
	if o.Mailpit {
		st.Mailpit = newMailpit(filepath.Join(st.dir, "mailpit"), o)
		dirs = append(dirs, st.Mailpit.dir)
		starters = append(starters, func() error { return st.Mailpit.Start(ctx) })
	}
	// 0755 so that PostgreSQL, running as its own user when we are root, can
	// reach its data dir below them.
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, st.fail(err)
		}
	}

	errs := make([]error, len(starters))
	var wg sync.WaitGroup
	for i, start := range starters {
		wg.Go(func() { errs[i] = start() })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, st.fail(err)
	}
	return st, nil
}

// fail stops whatever started and wraps err.
func (st *Stack) fail(err error) error {
	_ = st.Stop()
	return fmt.Errorf("devstack: %w", err)
}

// Dir is the directory the services keep their data and logs in.
func (st *Stack) Dir() string { return st.dir }

// Stop stops every service gracefully (SIGKILL after the stop timeout) and,
// if Start made a temporary directory, removes it.
func (st *Stack) Stop() error {
	var wg sync.WaitGroup
	for _, s := range st.servers() {
		wg.Go(func() { _ = s.Stop() })
	}
	wg.Wait()
	if st.tmpDir {
		if err := os.RemoveAll(st.dir); err != nil {
			return fmt.Errorf("devstack: %w", err)
		}
	}
	return nil
}

func (st *Stack) servers() []*server {
	var out []*server
	if st.Postgres != nil {
		out = append(out, st.Postgres.server)
	}
	if st.Meili != nil {
		out = append(out, st.Meili.server)
	}
	if st.StripeMock != nil {
		out = append(out, st.StripeMock.server)
	}
	if st.Mailpit != nil {
		out = append(out, st.Mailpit.server)
	}
	return out
}

// moduleRoot finds the callmatch module's directory, where node_modules and
// go.mod live: up from the working directory (go test runs in the package
// directory), else up from the executable (bin/callmatch run elsewhere).
func moduleRoot() (string, error) {
	var starts []string
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	if exe, err := os.Executable(); err == nil {
		starts = append(starts, filepath.Dir(exe))
	}
	for _, d := range starts {
		for ; ; d = filepath.Dir(d) {
			if isCallmatchModule(filepath.Join(d, "go.mod")) {
				return d, nil
			}
			if d == filepath.Dir(d) {
				break
			}
		}
	}
	return "", errors.New("not inside the callmatch source tree (no go.mod of module callmatch above the working directory)")
}

func isCallmatchModule(gomod string) bool {
	f, err := os.Open(gomod)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); strings.HasPrefix(line, "module ") {
			return strings.TrimSpace(strings.TrimPrefix(line, "module ")) == "callmatch"
		}
	}
	return false
}

// postgresDir is where PostgreSQL keeps its data: dir/postgres, unless we
// are root and the postgres user PostgreSQL then runs as cannot reach dir
// (a checkout in a 0700 directory such as mktemp -d makes). We do not
// loosen the owner's permissions; the data goes to a directory of its own
// under /var/tmp instead, named after dir so that the next start finds it.
func (st *Stack) postgresDir() (string, error) {
	dir := filepath.Join(st.dir, "postgres")
	if os.Geteuid() != 0 || st.tmpDir {
		return dir, nil // a temporary stack's dir is opened up below
	}
	if err := os.MkdirAll(st.dir, 0o755); err != nil {
		return "", fmt.Errorf("devstack: %w", err)
	}
	cred, err := postgresUser()
	if err != nil || traversable(st.dir, cred) == nil {
		return dir, nil // newPostgres reports a missing postgres user
	}
	base := "/var/tmp"
	if _, err := os.Stat(base); err != nil {
		base = os.TempDir()
	}
	sum := sha256.Sum256([]byte(st.dir))
	alt := filepath.Join(base, "callmatch-postgres-"+hex.EncodeToString(sum[:8]))
	// A shared directory: refuse a name someone else took, or a link.
	switch fi, err := os.Lstat(alt); {
	case errors.Is(err, os.ErrNotExist):
		if err := os.Mkdir(alt, 0o755); err != nil {
			return "", fmt.Errorf("devstack: %w", err)
		}
	case err != nil:
		return "", fmt.Errorf("devstack: %w", err)
	case !fi.IsDir() || fi.Sys().(*syscall.Stat_t).Uid != 0:
		return "", fmt.Errorf("devstack: %s is not a directory of root's; remove it, or give a data dir the postgres user can reach", alt)
	}
	st.logger.Info("PostgreSQL data kept outside the data dir, which the postgres user cannot reach",
		slog.String("data_dir", st.dir), slog.String("postgres_dir", alt))
	return alt, nil
}
