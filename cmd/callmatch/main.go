// Command callmatch is the whole product in one binary: the web server, the
// development stack, migrations, data loading and the matching CLI.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"callmatch/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(os.Stderr, "callmatch:", ue.msg)
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "callmatch:", err)
		os.Exit(1)
	}
}

// usageError is bad input from the person at the terminal: exit status 2
// and one line on stderr.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// command is one subcommand; args excludes the subcommand's own name.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() map[string]command {
	return map[string]command{
		"serve":    {"serve the web app and API against configured services", cmdServe},
		"dev":      {"start PostgreSQL, Meilisearch and stripe-mock locally, seed demo data, serve", cmdDev},
		"migrate":  {"migrate up|down|status: apply or inspect database migrations", cmdMigrate},
		"seed":     {"seed --demo: load the deterministic demo catalog and demo users", cmdSeed},
		"import":   {"import --file vendors.json|vendors.csv [--skip-invalid]: load vendors by slug", cmdImport},
		"reindex":  {"rebuild the search index from PostgreSQL and swap it in", cmdReindex},
		"match":    {"match --catalog FILE --intake FILE [--bookings FILE [--intake-id ID]] [--as-of DATE] [--method saw|topsis] [--limit N]", cmdMatch},
		"plan":     {"plan --catalog FILE --intake FILE [--bookings FILE [--intake-id ID]] [--as-of DATE] [--max-vendors N]: split the program across vendors", cmdPlan},
		"rank":     {"rank --input FILE: rank a decision matrix with SAW or TOPSIS", cmdRank},
		"loadtest": {"loadtest [--target http://127.0.0.1:PORT | --start-dev DIR] [--duration D] [--rate N]: load a local server (default: its own, 10k vendors, in .data/loadtest)", cmdLoadtest},
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stdout, "usage: callmatch COMMAND [flags]\n\ncommands:")
		for _, name := range []string{"dev", "serve", "migrate", "seed", "import", "reindex", "match", "plan", "rank", "loadtest"} {
			fmt.Fprintf(stdout, "  %-8s %s\n", name, cmds[name].summary)
		}
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		return usagef("unknown command %q; run callmatch help", args[0])
	}
	err := c.run(ctx, args[1:], stdout, stderr)
	// A configuration the app refuses is the operator's to fix, like a bad flag.
	if ce := (*app.ConfigError)(nil); errors.As(err, &ce) {
		return usagef("%v", err)
	}
	return err
}
