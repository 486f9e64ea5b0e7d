package main

import (
	"context"
	"errors"
	"io"
)

func cmdRank(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("rank: not built yet")
}
