package main

import (
	"context"
	"fmt"
	"io"

	"callmatch/migrations"
)

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) != 1 || (args[0] != "up" && args[0] != "down" && args[0] != "status") {
		return usagef("usage: callmatch migrate up|down|status")
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	if cfg.DatabaseURL == "" {
		return usagef("DATABASE_URL is not set: set it to the database to migrate, e.g. postgres://user@127.0.0.1:5432/callmatch")
	}
	db, err := migrations.Open(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()

	switch args[0] {
	case "status":
		return migrations.Status(ctx, db, stdout)
	case "up":
		err = migrations.Up(ctx, db)
	case "down":
		err = migrations.Down(ctx, db)
	}
	if err != nil {
		return err
	}
	current, latest, err := migrations.Pending(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database at version %d, newest %d\n", current, latest)
	return nil
}
