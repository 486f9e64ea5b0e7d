package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"time"

	"gorm.io/gorm/logger"
)

// slowQuery is how long a statement may take before it is worth a warning.
const slowQuery = 500 * time.Millisecond

// gormLogger reports only slow statements, and only their text with
// placeholders: query parameters can carry campaigns' personal data, and
// failed statements are reported once, by whoever handles the error.
type gormLogger struct{ log *slog.Logger }

func newGormLogger(l *slog.Logger) gormLogger { return gormLogger{log: l} }

var _ logger.Interface = gormLogger{}

func (l gormLogger) LogMode(logger.LogLevel) logger.Interface { return l }

func (l gormLogger) Info(ctx context.Context, msg string, args ...any) {
	l.log.DebugContext(ctx, "gorm: "+fmt.Sprintf(msg, args...))
}

func (l gormLogger) Warn(ctx context.Context, msg string, args ...any) {
	l.log.WarnContext(ctx, "gorm: "+fmt.Sprintf(msg, args...))
}

func (l gormLogger) Error(ctx context.Context, msg string, args ...any) {
	l.log.ErrorContext(ctx, "gorm: "+fmt.Sprintf(msg, args...))
}

func (l gormLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	// A statement that ran out of time or lost the server is slow by
	// nature; its error is reported once, by whoever handles it.
	if err != nil && (outOfTimeErr(err) || unreachable(err)) {
		return
	}
	if elapsed := time.Since(begin); elapsed >= slowQuery {
		query, rows := fc()
		query = unmarkPlaceholders.ReplaceAllString(query, "$$$1")
		l.log.WarnContext(ctx, "slow query", "sql", query, "rows", rows, "elapsed", elapsed)
	}
}

// ParamsFilter drops the parameters before GORM renders a statement for the
// log, so that values can never reach it.
func (gormLogger) ParamsFilter(_ context.Context, query string, _ ...any) (string, []any) {
	return query, nil
}

// GORM marks placeholders as $1$ while substituting values; with no values
// the marks stay, so they are taken off again.
var unmarkPlaceholders = regexp.MustCompile(`\$(\d+)\$`)
