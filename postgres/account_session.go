package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"

	"callmatch/account"
)

// seenResolution: last_seen_at only has to be good enough to end idle
// sessions, so a session in use writes at most once a minute.
const seenResolution = time.Minute

// CreateSession stores a session for userID, used last at now, and notes
// the sign-in on the user (the People page's "last sign-in"), in one
// statement. A disabled user gets no session: not_found.
func (s *AccountStore) CreateSession(ctx context.Context, userID string, tokenHash []byte, now, expires time.Time) error {
	if uuid.Validate(userID) != nil {
		return errUserNotFound()
	}
	var created []string
	err := s.db.gorm.WithContext(ctx).Raw(`
		WITH signed_in AS (
			UPDATE users SET last_sign_in_at = ? WHERE id = ? AND disabled_at IS NULL RETURNING id
		)
		INSERT INTO sessions (token_hash, user_id, expires_at, created_at, last_seen_at)
		SELECT ?, id, ?, ?, ? FROM signed_in
		RETURNING user_id`,
		now.UTC(), userID, hashArg(tokenHash), expires.UTC(), now.UTC(), now.UTC(),
	).Scan(&created).Error
	if err == nil && len(created) == 0 {
		return errUserNotFound()
	}
	return accountError(err, "create session")
}

// FindUserBySession returns the user of a session that has not expired at
// now nor gone unused for idle, and slides last_seen_at forward, in one
// statement (every signed-in request pays for it). The UPDATE in the WITH
// runs whether or not the SELECT reads it, and the SELECT sees the session
// as it was before, so an ended session is neither found nor revived.
func (s *AccountStore) FindUserBySession(ctx context.Context, tokenHash []byte, now time.Time, idle time.Duration) (*account.User, error) {
	hash, at, idleSince := hashArg(tokenHash), now.UTC(), now.Add(-idle).UTC()
	return s.findUser(ctx, `
		WITH seen AS (
			UPDATE sessions SET last_seen_at = ?
			WHERE token_hash = ? AND expires_at > ? AND last_seen_at > ?
			  AND last_seen_at < ?
		)
		SELECT `+userColumns+`
		FROM sessions JOIN users ON users.id = sessions.user_id AND users.disabled_at IS NULL
		WHERE sessions.token_hash = ? AND sessions.expires_at > ? AND sessions.last_seen_at > ?`,
		at, hash, at, idleSince, now.Add(-seenResolution).UTC(), hash, at, idleSince)
}

// DeleteSession removes a session; an unknown one is fine.
func (s *AccountStore) DeleteSession(ctx context.Context, tokenHash []byte) error {
	err := s.db.gorm.WithContext(ctx).Exec(`DELETE FROM sessions WHERE token_hash = ?`, hashArg(tokenHash)).Error
	return accountError(err, "delete session")
}

// DeleteUserSessions ends every session of userID ("sign out everywhere").
func (s *AccountStore) DeleteUserSessions(ctx context.Context, userID string) (int, error) {
	if uuid.Validate(userID) != nil {
		return 0, errUserNotFound()
	}
	res := s.db.gorm.WithContext(ctx).Exec(`DELETE FROM sessions WHERE user_id = ?`, userID)
	return int(res.RowsAffected), accountError(res.Error, "delete user sessions")
}
