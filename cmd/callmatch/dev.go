package main

import (
	"context"
	"errors"
	"io"
)

func cmdDev(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("dev: not built yet")
}
