package postgres

import (
	"context"
	"encoding/json"
	"strings"

	"callmatch"
	"callmatch/catalog"
	"callmatch/intake"
)

// FindIntakes returns one page of intakes (without contact) and the number
// matching f, filtered and ordered as intake.Filter describes. It only
// reads: concurrent or repeated calls see the table as it is then.
func (s *IntakeStore) FindIntakes(ctx context.Context, f intake.Filter) ([]*intake.Intake, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	if f.Today.IsZero() {
		f.Today = callmatch.DateOf(s.Now())
	}
	where, args := queueWhere(f)
	from, order := "intakes", "created_at DESC, id DESC"
	var fromArgs []any
	if f.Sort == intake.SortUrgency {
		from, fromArgs = urgencyFrom(f.Today)
		order = "u.bucket, CASE WHEN u.bucket = 0 THEN u.deadline END, CASE WHEN u.bucket = 0 THEN end_date END, end_date DESC, created_at, id"
	}
	// onePage's way, with an order that is an expression.
	db := s.db.gorm.WithContext(ctx)
	var page []withTotal[intakeRow]
	// Each row says when the campaign last wrote to its advisors, so the
	// queue can show it without opening the intake.
	err := db.Raw(`SELECT `+intakeColumns+`, page.total,
			(SELECT max(m.created_at) FROM campaign_messages m WHERE m.intake_id = intakes.id) AS last_message_at FROM (
			SELECT id, `+totalColumn+`, row_number() OVER (ORDER BY `+order+`) AS n
			FROM `+from+` WHERE `+where+` ORDER BY n LIMIT ? OFFSET ?) page
		JOIN intakes USING (id) ORDER BY page.n`,
		append(append(fromArgs, args...), f.PerPage, (f.Page-1)*f.PerPage)...).Scan(&page).Error
	if err != nil {
		return nil, 0, translate("find intakes", err)
	}
	rows, total, err := splitPage(page, f.Page, func() (n int64, err error) {
		err = db.Raw(`SELECT count(*) FROM intakes WHERE `+where, args...).Scan(&n).Error
		return n, err
	})
	if err != nil {
		return nil, 0, translate("find intakes", err)
	}
	out := make([]*intake.Intake, len(rows))
	for i := range rows {
		if out[i], err = rows[i].toIntake(); err != nil {
			return nil, 0, err
		}
	}
	return out, int(total), nil
}

// urgencyFrom is the queue's FROM clause for the urgency sort: each intake
// with its group (0 open and not ended, 1 open and ended, 2 withdrawn or
// closed) and its next deadline (intake.Filter's SortUrgency).
func urgencyFrom(today callmatch.Date) (string, []any) {
	var terminal []string
	for _, st := range intake.Statuses {
		if intake.IsTerminal(st) {
			terminal = append(terminal, st)
		}
	}
	d := today.String()
	return `intakes CROSS JOIN LATERAL (SELECT
			CASE WHEN status IN ? THEN 2 WHEN end_date < ?::date THEN 1 ELSE 0 END AS bucket,
			CASE WHEN start_date >= ?::date THEN start_date WHEN status = ? THEN end_date ELSE ?::date END AS deadline) u`,
		[]any{terminal, d, d, intake.StatusEngaged, d}
}

// queueWhere is the filter's condition on intakes and its arguments.
func queueWhere(f intake.Filter) (string, []any) {
	conds, args := []string{"true"}, []any{}
	switch {
	case f.Status != "":
		conds, args = append(conds, "status = ?"), append(args, f.Status)
	case len(f.Statuses) > 0:
		conds, args = append(conds, "status IN ?"), append(args, f.Statuses)
	}
	// The whole query as a state first ("New York"), else every word.
	terms := strings.Fields(f.Query)
	if _, ok := catalog.ParseState(f.Query); ok && len(terms) > 1 {
		terms = []string{f.Query}
	}
	for _, term := range terms {
		like := "%" + likeEscaper.Replace(term) + "%"
		cond := `(form->'campaign'->>'name' ILIKE ? OR form->'campaign'->>'race' ILIKE ?`
		args = append(args, like, like)
		if code, ok := catalog.ParseState(term); ok {
			states, _ := json.Marshal([]string{code})
			cond += ` OR form->'target_states' @> ?::jsonb`
			args = append(args, string(states))
		}
		conds = append(conds, cond+")")
	}
	return strings.Join(conds, " AND "), args
}

// likeEscaper makes a user's text match itself in ILIKE: % and _ are
// wildcards there and \ (the default ESCAPE) the escape.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
