package main

import (
	"context"
	"errors"
	"io"
)

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("migrate: not built yet")
}
