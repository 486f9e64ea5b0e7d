package benchcmp

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
)

//go:embed query.sql
var matchQuery string

// Ranked is one eligible vendor and its score, best first.
type Ranked struct {
	ID    string
	Name  string
	Score float64
}

// SQLMatch runs the knockouts and the SAW ranking in PostgreSQL and returns
// every eligible vendor, best first, ties by name then id as the engine
// lists them.
func SQLMatch(ctx context.Context, db *sql.DB, p Params) ([]Ranked, error) {
	rows, err := db.QueryContext(ctx, matchQuery, string(p.JSON()))
	if err != nil {
		return nil, fmt.Errorf("sql match: %w", err)
	}
	defer rows.Close()
	var out []Ranked
	for rows.Next() {
		var r Ranked
		if err := rows.Scan(&r.ID, &r.Name, &r.Score); err != nil {
			return nil, fmt.Errorf("sql match: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sql match: %w", err)
	}
	return out, nil
}
