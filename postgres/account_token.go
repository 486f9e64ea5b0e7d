package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"callmatch"
	"callmatch/account"
)

// apiTokenRow is what api_tokens tells about a token; never the hash.
type apiTokenRow struct {
	ID         string
	Name       string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt *time.Time
}

func (r apiTokenRow) toAPIToken() account.APIToken {
	return account.APIToken{ID: r.ID, Name: r.Name, CreatedAt: r.CreatedAt, ExpiresAt: r.ExpiresAt, LastUsedAt: r.LastUsedAt}
}

// audit is what the audit log keeps of a token.
func (r apiTokenRow) audit(userID string) map[string]any {
	return map[string]any{"user_id": userID, "name": r.Name, "expires_at": r.ExpiresAt.UTC()}
}

const apiTokenColumns = `id, name, created_at, expires_at, last_used_at`

// CreateAPIToken stores a token's hash for userID and audits its issue:
// a token is a standing credential, so who minted one matters later.
func (s *AccountStore) CreateAPIToken(ctx context.Context, userID, name string, tokenHash []byte, expires time.Time) (*account.APIToken, error) {
	if uuid.Validate(userID) != nil {
		return nil, errUserNotFound()
	}
	var row apiTokenRow
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		err := tx.Raw(`
			INSERT INTO api_tokens (id, user_id, name, token_hash, expires_at)
			VALUES (?, ?, ?, ?, ?)
			RETURNING `+apiTokenColumns,
			uuid.NewString(), userID, name, hashArg(tokenHash), expires.UTC(),
		).Scan(&row).Error
		if err != nil {
			return err
		}
		return writeAudit(ctx, tx, "api_token.create", "api_token", row.ID, nil, row.audit(userID))
	})
	if err != nil {
		return nil, accountError(err, "create API token")
	}
	t := row.toAPIToken()
	return &t, nil
}

// lastUsedResolution: last_used_at is for people deciding which tokens to
// revoke, so minute precision is plenty, and skipping the write for busy
// tokens keeps every API request from taking a row lock.
const lastUsedResolution = time.Minute

// FindUserByAPIToken returns the user of an unexpired token and records the
// use, in one statement: every API request pays for this lookup. The UPDATE
// in the WITH runs whether or not the SELECT reads it, and the SELECT sees
// the token as it was before, so an expired or unknown token is neither
// found nor touched.
func (s *AccountStore) FindUserByAPIToken(ctx context.Context, tokenHash []byte, now time.Time) (*account.User, error) {
	hash, at := hashArg(tokenHash), now.UTC()
	return s.findUser(ctx, `
		WITH used AS (
			UPDATE api_tokens SET last_used_at = ?
			WHERE token_hash = ? AND expires_at > ?
			  AND (last_used_at IS NULL OR last_used_at < ?)
		)
		SELECT `+userColumns+`
		FROM api_tokens JOIN users ON users.id = api_tokens.user_id AND users.disabled_at IS NULL
		WHERE api_tokens.token_hash = ? AND api_tokens.expires_at > ?`,
		at, hash, at, now.Add(-lastUsedResolution).UTC(), hash, at)
}

// FindAPITokens lists userID's unexpired tokens, newest first.
func (s *AccountStore) FindAPITokens(ctx context.Context, userID string, now time.Time) ([]account.APIToken, error) {
	if uuid.Validate(userID) != nil {
		return nil, errUserNotFound()
	}
	var rows []apiTokenRow
	err := s.db.gorm.WithContext(ctx).Raw(`
		SELECT `+apiTokenColumns+` FROM api_tokens
		WHERE user_id = ? AND expires_at > ?
		ORDER BY created_at DESC, id`, userID, now.UTC()).Scan(&rows).Error
	if err != nil {
		return nil, accountError(err, "find API tokens")
	}
	tokens := make([]account.APIToken, len(rows))
	for i, r := range rows {
		tokens[i] = r.toAPIToken()
	}
	return tokens, nil
}

// DeleteAPIToken revokes userID's token id and audits it. The owner is part
// of the WHERE, so another user's id is simply not found.
func (s *AccountStore) DeleteAPIToken(ctx context.Context, userID, id string) error {
	if uuid.Validate(userID) != nil || uuid.Validate(id) != nil {
		return errAPITokenNotFound()
	}
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		var rows []apiTokenRow
		if err := tx.Raw(`DELETE FROM api_tokens WHERE id = ? AND user_id = ? RETURNING `+apiTokenColumns, id, userID).Scan(&rows).Error; err != nil {
			return err
		} else if len(rows) == 0 {
			return errAPITokenNotFound()
		}
		return writeAudit(ctx, tx, "api_token.revoke", "api_token", id, rows[0].audit(userID), nil)
	})
	if callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
		return err
	}
	return accountError(err, "revoke API token")
}

func errAPITokenNotFound() error {
	return callmatch.Errorf(callmatch.ENOTFOUND, "API token not found.")
}
