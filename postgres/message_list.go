package postgres

import (
	"context"
	"time"

	"callmatch/mail"
)

// FindMessages lists messages for staff, newest first: kind, cause kind,
// status, attempts and error, never the sealed recipient or data. The
// partial index messages_unsent serves the default (unsent) list.
func (s *MessageStore) FindMessages(ctx context.Context, f mail.Filter) ([]mail.Record, error) {
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	q := s.db.gorm.WithContext(ctx).Table("messages").
		Select("id, kind, split_part(cause, ':', 1) AS cause_kind, lang, status, attempts, last_error, created_at, sent_at").
		Order("created_at DESC, id DESC").Limit(limit)
	if f.Status == "" {
		q = q.Where("status <> 'sent'")
	} else {
		q = q.Where("status = ?", f.Status)
	}
	var rows []struct {
		ID, Kind, CauseKind, Lang, Status, LastError string
		Attempts                                     int
		CreatedAt                                    time.Time
		SentAt                                       *time.Time
	}
	if err := q.Scan(&rows).Error; err != nil {
		return nil, translate("find messages", err)
	}
	out := make([]mail.Record, len(rows))
	for i, r := range rows {
		out[i] = mail.Record{ID: r.ID, Kind: r.Kind, CauseKind: r.CauseKind, Lang: r.Lang, Status: r.Status,
			Attempts: r.Attempts, LastError: r.LastError, CreatedAt: r.CreatedAt, SentAt: r.SentAt}
	}
	return out, nil
}
