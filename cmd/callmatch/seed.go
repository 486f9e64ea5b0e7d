package main

import (
	"context"
	"errors"
	"io"
)

func cmdSeed(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("seed: not built yet")
}
