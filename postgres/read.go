package postgres

import (
	"encoding/json"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Reads that answer one request come in one statement where they can: on
// a link with latency L every statement costs a request at least L more,
// and a single statement sees one snapshot without a transaction, whose
// BEGIN and COMMIT would be two more round trips (api/roundtrip_test.go
// counts them per route).

// withTotal is a row of one page with the number of rows matching the
// page's filter beside it, from count(*) OVER (), which is computed
// before LIMIT: the page and its total in one statement.
type withTotal[T any] struct {
	Row   T `gorm:"embedded"`
	Total int64
}

// totalColumn is the select-list entry withTotal reads.
const totalColumn = `count(*) OVER () AS total`

// onePage selects page pageNo of filtered (a query on table with its
// conditions) ordered by keys, each in direction dir ("" or "DESC"), the
// last key being id, with withTotal's total and the columns in more. The
// page is chosen, and counted, on narrow rows (the keys, which an index
// serves); only the page's own rows are read whole: a window over whole
// rows would hold every match in memory, or on disk, before the first
// row comes out.
func onePage(db, filtered *gorm.DB, table string, keys []string, dir string, pageNo, perPage int, more string) *gorm.DB {
	inner, outer := make([]string, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		inner[i], outer[i] = k+" "+dir, "page."+k+" "+dir
	}
	page := filtered.Select(strings.Join(keys, ", ") + ", " + totalColumn).
		Order(strings.Join(inner, ", ")).Limit(perPage).Offset((pageNo - 1) * perPage)
	return db.Table("(?) AS page", page).Joins("JOIN " + table + " USING (id)").
		Select(table + ".*, page.total" + more).Order(strings.Join(outer, ", "))
}

// splitPage returns the rows of a page and the total they carry. A page
// past the end has no row to carry it; count asks for it then, and only
// then, in a statement of its own.
func splitPage[T any](page []withTotal[T], pageNo int, count func() (int64, error)) ([]T, int64, error) {
	out := make([]T, len(page))
	for i := range page {
		out[i] = page[i].Row
	}
	switch {
	case len(page) > 0:
		return out, page[0].Total, nil
	case pageNo <= 1:
		return out, 0, nil
	}
	total, err := count()
	return out, total, err
}

// scanJSON decodes a json column into v, for the Scan method of a column
// that carries a row's children (certifications, events).
func scanJSON(src, v any) error {
	var b []byte
	switch src := src.(type) {
	case string:
		b = []byte(src)
	case []byte:
		b = src
	default:
		return fmt.Errorf("json column: cannot scan %T into %T", src, v)
	}
	return json.Unmarshal(b, v)
}

// childrenOf wraps children, a select of the rows that belong to one row
// of table and name that row p.id, so that one statement also says whether
// it exists: no row means no parent, and a row of NULLs (read as zero
// values) stands for a parent without children. The parent's id is the
// first argument; order is an ORDER BY list over c, or "".
func childrenOf(table, children, order string) string {
	q := `SELECT c.* FROM (SELECT id FROM ` + table + ` WHERE id = ?) p LEFT JOIN LATERAL (` + children + `) c ON true`
	if order != "" {
		q += ` ORDER BY ` + order
	}
	return q
}
