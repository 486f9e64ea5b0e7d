package devstack

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// PostgresBin is where Debian's postgresql package puts PostgreSQL 15.
const PostgresBin = "/usr/lib/postgresql/15/bin"

// Postgres is a PostgreSQL 15 server on 127.0.0.1 with trust authentication
// for the superuser postgres. Its data dir is dir/data and survives restarts.
type Postgres struct {
	*server
	noFsync     bool
	cacheInitdb bool
}

func newPostgres(dir string, o Options) (*Postgres, error) {
	pg := &Postgres{server: newServer("postgres", dir, 1, o), noFsync: o.NoFsync, cacheInitdb: o.CacheInitdb}
	// Fast shutdown: SIGTERM would be a smart shutdown, which waits for every
	// client to disconnect, so one leaked connection would stall Stop.
	pg.stopSig = syscall.SIGINT
	if os.Geteuid() == 0 {
		cred, err := postgresUser()
		if err != nil {
			return nil, err
		}
		pg.cred = cred
	}
	pg.command = pg.cmd
	pg.probe = func(ctx context.Context) error {
		conn, err := pgx.Connect(ctx, pg.URL("postgres"))
		if err != nil {
			return err
		}
		return conn.Close(ctx)
	}
	return pg, nil
}

// Port is the TCP port the server listens on.
func (pg *Postgres) Port() int { return pg.ports[0] }

// DataDir is the server's PGDATA.
func (pg *Postgres) DataDir() string { return filepath.Join(pg.dir, "data") }

// URL is the connection URL of database dbname as the superuser.
func (pg *Postgres) URL(dbname string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User("postgres"),
		Host:     "127.0.0.1:" + strconv.Itoa(pg.Port()),
		Path:     "/" + dbname,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Start initialises the data dir if it is new, then starts the server and
// waits until it accepts connections.
func (pg *Postgres) Start(ctx context.Context) error {
	if err := pg.prepare(ctx); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	return pg.server.Start(ctx)
}

func (pg *Postgres) cmd(context.Context) (*exec.Cmd, error) {
	data := pg.DataDir()
	sockets := data
	// A Unix socket path is limited to 107 bytes; deep temp dirs exceed it
	// and we only connect over TCP anyway.
	if len(filepath.Join(data, ".s.PGSQL.65535.lock")) > 100 {
		sockets = ""
	}
	args := []string{"-D", data,
		"-c", "listen_addresses=127.0.0.1",
		"-c", "port=" + strconv.Itoa(pg.Port()),
		"-c", "unix_socket_directories=" + sockets,
		"-c", "max_connections=200", // parallel tests each hold a pool
		// Dates and times read the same on every machine.
		"-c", "timezone=UTC", "-c", "log_timezone=UTC",
	}
	if pg.noFsync {
		// Safe against a killed server (the OS still has every write), lost
		// only if the machine crashes. synchronous_commit stays on: with fsync
		// off it costs one write(2), and turning it off would let a Kill lose
		// committed transactions, which fault tests must be able to rely on.
		args = append(args, "-c", "fsync=off", "-c", "full_page_writes=off")
	}
	return exec.Command(filepath.Join(PostgresBin, "postgres"), args...), nil
}

// prepare checks the installation, runs initdb on a new data dir and clears
// a pid file left by a server that is gone.
func (pg *Postgres) prepare(ctx context.Context) error {
	for _, b := range []string{"initdb", "postgres"} {
		if _, err := os.Stat(filepath.Join(PostgresBin, b)); err != nil {
			return fmt.Errorf("PostgreSQL 15 not found at %s: run make deps or apt-get install postgresql", PostgresBin)
		}
	}
	if pg.cred != nil {
		if err := traversable(pg.dir, pg.cred); err != nil {
			return err
		}
	}
	data := pg.DataDir()
	version, err := os.ReadFile(filepath.Join(data, "PG_VERSION"))
	switch {
	case err == nil && strings.TrimSpace(string(version)) != "15":
		return fmt.Errorf("%s holds PostgreSQL %s data, not 15: remove it or use another data dir", data, strings.TrimSpace(string(version)))
	case err == nil:
		return clearStalePid(data)
	case !errors.Is(err, os.ErrNotExist):
		return err
	}
	if pg.cacheInitdb {
		return pg.initdbCached(ctx, data)
	}
	return pg.initdb(ctx, data)
}

func (pg *Postgres) initdb(ctx context.Context, data string) error {
	if err := os.MkdirAll(data, 0o700); err != nil {
		return err
	}
	if pg.cred != nil {
		if err := os.Chown(data, int(pg.cred.Uid), int(pg.cred.Gid)); err != nil {
			return err
		}
	}
	args := []string{"-D", data, "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--locale=C"}
	if pg.noFsync {
		args = append(args, "--no-sync")
	}
	cmd := exec.CommandContext(ctx, filepath.Join(PostgresBin, "initdb"), args...)
	cmd.Dir = pg.dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: pg.cred}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb %s: %w\n%s", data, err, out)
	}
	pg.logger.Info("initialised PostgreSQL data dir", "dir", data)
	return nil
}

// createDatabase creates dbname unless it exists.
func (pg *Postgres) createDatabase(ctx context.Context, dbname string) error {
	conn, err := pgx.Connect(ctx, pg.URL("postgres"))
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	defer conn.Close(ctx)
	var exists bool
	err = conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", dbname).Scan(&exists)
	if err != nil || exists {
		return err
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{dbname}.Sanitize())
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P04" { // created meanwhile by someone else
		return nil
	}
	if err != nil {
		return fmt.Errorf("postgres: create database %s: %w", dbname, err)
	}
	pg.logger.Info("created database", "database", dbname)
	return nil
}

// clearStalePid removes postmaster.pid when its PID now belongs to another
// program: after a crash the number is often reused, notably in containers,
// and PostgreSQL would then refuse to start.
func clearStalePid(data string) error {
	pidFile := filepath.Join(data, "postmaster.pid")
	b, err := os.ReadFile(pidFile)
	if err != nil {
		return nil
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil {
		return nil
	}
	switch name := processName(pid); {
	case name == "":
		return nil // PostgreSQL handles a pid file of a dead process itself
	case strings.HasPrefix(name, "postgres"):
		return fmt.Errorf("a PostgreSQL server (pid %d) is already running on %s: stop it or use another data dir", pid, data)
	default:
		return os.Remove(pidFile)
	}
}

// postgresUser is the account PostgreSQL runs as when we are root; it
// refuses to run as root itself.
func postgresUser() (*syscall.Credential, error) {
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root needs the postgres user to run PostgreSQL: run make deps or apt-get install postgresql: %w", err)
	}
	uid, _ := strconv.ParseUint(u.Uid, 10, 32)
	gid, _ := strconv.ParseUint(u.Gid, 10, 32)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}, nil
}

// traversable checks that the user of cred can reach dir: every parent must
// grant it search permission. We do not loosen a parent ourselves; that is
// the owner's call.
func traversable(dir string, cred *syscall.Credential) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	for d := abs; ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return err
		}
		st := fi.Sys().(*syscall.Stat_t)
		mode := fi.Mode().Perm()
		ok := mode&0o001 != 0 || st.Uid == cred.Uid && mode&0o100 != 0 || st.Gid == cred.Gid && mode&0o010 != 0
		if !ok {
			return fmt.Errorf("PostgreSQL runs as the postgres user, which cannot enter %s: chmod o+x %s, or use a data dir elsewhere", d, d)
		}
		if d == filepath.Dir(d) {
			return nil
		}
	}
}
