package main

import (
	"context"
	"errors"
	"io"
)

func cmdMatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("match: not built yet")
}
