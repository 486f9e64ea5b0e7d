// Package migrations holds the goose SQL migrations, embedded so that the
// binary and the test databases are built from the same files.
package migrations

import "embed"

// FS holds every *.sql migration.
//
//go:embed *.sql
var FS embed.FS
