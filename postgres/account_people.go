package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"callmatch"
	"callmatch/account"
	"callmatch/mail"
)

// personRow is a user with what the People page shows besides.
type personRow struct {
	ID           string
	Email        string
	Name         string
	Role         string
	VendorID     *string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	LastSignInAt *time.Time
	DisabledAt   *time.Time
}

// FindPeople lists every user: admins, advisors, then vendor users, each
// by email. The list is small (staff and vendor users), so it is not paged.
func (s *AccountStore) FindPeople(ctx context.Context) ([]account.Person, error) {
	var rows []personRow
	err := s.db.gorm.WithContext(ctx).Raw(`SELECT users.id, users.email, users.name, users.role, users.vendor_id, users.created_at, users.updated_at,
		users.last_sign_in_at, users.disabled_at
		FROM users ORDER BY array_position(ARRAY['admin', 'advisor', 'vendor'], users.role), users.email`).Scan(&rows).Error
	if err != nil {
		return nil, accountError(err, "find people")
	}
	out := make([]account.Person, len(rows))
	for i, r := range rows {
		u := userRow{ID: r.ID, Email: r.Email, Name: r.Name, Role: r.Role, VendorID: r.VendorID, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
		out[i] = account.Person{User: *u.toUser(), LastSignInAt: r.LastSignInAt, DisabledAt: r.DisabledAt}
	}
	return out, nil
}

// SetUserDisabled sets or clears disabled_at and, when disabling, deletes
// the user's sessions and API tokens in the same transaction: the next
// request with any of them is refused. Lookups also check disabled_at, so
// a request already past authentication is the only one that completes.
// Repeating either is a no-op, audited once.
func (s *AccountStore) SetUserDisabled(ctx context.Context, userID string, disabled bool) error {
	if uuid.Validate(userID) != nil {
		return errUserNotFound()
	}
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		cond := `disabled_at IS NOT NULL`
		set := `NULL`
		action := "user.enable"
		if disabled {
			cond, set, action = `disabled_at IS NULL`, `now()`, "user.disable"
		}
		var ids []string
		if err := tx.Raw(`UPDATE users SET disabled_at = `+set+`, updated_at = now() WHERE id = ? AND `+cond+` RETURNING id`, userID).Scan(&ids).Error; err != nil {
			return err
		}
		if len(ids) == 0 {
			var n int64
			if err := tx.Raw(`SELECT count(*) FROM users WHERE id = ?`, userID).Scan(&n).Error; err != nil {
				return err
			} else if n == 0 {
				return errUserNotFound()
			}
			return nil // already so
		}
		if disabled {
			for _, table := range []string{"sessions", "api_tokens"} {
				if err := tx.Exec(`DELETE FROM `+table+` WHERE user_id = ?`, userID).Error; err != nil {
					return err
				}
			}
		}
		return writeAudit(ctx, tx, action, "user", userID, map[string]any{"disabled": !disabled}, map[string]any{"disabled": disabled})
	})
	return accountError(err, "set user disabled")
}

// CreatePasswordReset inserts the link for the enabled user with email,
// if there is one, and queues its mail, in one transaction. Every request
// makes its own link; the mail's cause is the link, so a retried write
// never mails twice.
func (s *AccountStore) CreatePasswordReset(ctx context.Context, email string, tokenHash []byte, expires time.Time, build func(u *account.User) mail.Message) error {
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		var rows []userRow
		err := tx.Raw(`WITH u AS (SELECT `+userColumns+` FROM users WHERE email = ? AND disabled_at IS NULL),
			ins AS (INSERT INTO password_resets (token_hash, user_id, expires_at) SELECT ?, id, ? FROM u)
			SELECT * FROM u`, account.NormalizeEmail(email), hashArg(tokenHash), expires.UTC()).Scan(&rows).Error
		if err != nil || len(rows) == 0 {
			return err
		}
		return queueMail(ctx, tx, build(rows[0].toUser()))
	})
	return accountError(err, "create password reset")
}

// resetRow is a reset link's state.
type resetRow struct {
	UserID    string
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// usable says why a reset link cannot be used at now, or nil.
func (r resetRow) usable(now time.Time) error {
	switch {
	case r.UsedAt != nil:
		return account.ErrLinkUsed()
	case !now.Before(r.ExpiresAt):
		return account.ErrLinkExpired()
	}
	return nil
}

func findReset(tx *gorm.DB, tokenHash []byte, lock string) (*resetRow, error) {
	var rows []resetRow
	if err := tx.Raw(`SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = ? `+lock, hashArg(tokenHash)).Scan(&rows).Error; err != nil {
		return nil, err
	} else if len(rows) == 0 {
		return nil, account.ErrLinkUnknown()
	}
	return &rows[0], nil
}

// FindPasswordReset says whether the link can be used at now.
func (s *AccountStore) FindPasswordReset(ctx context.Context, tokenHash []byte, now time.Time) error {
	r, err := findReset(s.db.gorm.WithContext(ctx), tokenHash, "")
	if err != nil {
		return accountError(err, "find password reset")
	}
	return r.usable(now)
}

// UsePasswordReset locks the link, so that of two uses one sets the
// password and the other finds it used. The new hash, the link spent and
// the end of every session commit together.
func (s *AccountStore) UsePasswordReset(ctx context.Context, tokenHash []byte, newHash string, now time.Time) (*account.User, error) {
	var u *account.User
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		r, err := findReset(tx, tokenHash, "FOR UPDATE")
		if err != nil {
			return err
		} else if err := r.usable(now); err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE password_resets SET used_at = ? WHERE token_hash = ?`, now.UTC(), hashArg(tokenHash)).Error; err != nil {
			return err
		}
		u, err = setPassword(ctx, tx, r.UserID, newHash, nil, "user.password_reset")
		return err
	})
	if err != nil {
		return nil, accountError(err, "use password reset")
	}
	return u, nil
}

// ChangePassword swaps oldHash for newHash if it is still oldHash (a
// concurrent reset or change wins; this one is a conflict) and ends the
// user's sessions but keep.
func (s *AccountStore) ChangePassword(ctx context.Context, userID, oldHash, newHash string, keep []byte) error {
	if uuid.Validate(userID) != nil {
		return errUserNotFound()
	}
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		var ids []string
		if err := tx.Raw(`SELECT id FROM users WHERE id = ? AND password_hash = ? FOR UPDATE`, userID, oldHash).Scan(&ids).Error; err != nil {
			return err
		} else if len(ids) == 0 {
			return callmatch.Errorf(callmatch.ECONFLICT, "Your password was changed meanwhile; sign in again.")
		}
		_, err := setPassword(ctx, tx, userID, newHash, keep, "user.password_change")
		return err
	})
	return accountError(err, "change password")
}

// setPassword writes the hash, ends every session of the user except
// keep (nil: all) and spends their other reset links, and audits it.
func setPassword(ctx context.Context, tx *gorm.DB, userID, hash string, keep []byte, action string) (*account.User, error) {
	var before, after userRow
	if err := tx.Raw(`SELECT `+userColumns+` FROM users WHERE id = ? FOR UPDATE`, userID).Scan(&before).Error; err != nil {
		return nil, err
	}
	if err := tx.Raw(`UPDATE users SET password_hash = ?, updated_at = now() WHERE id = ? RETURNING `+userColumns, hash, userID).Scan(&after).Error; err != nil {
		return nil, err
	}
	if err := tx.Exec(`DELETE FROM sessions WHERE user_id = ? AND token_hash IS DISTINCT FROM ?`, userID, hashArg(keep)).Error; err != nil {
		return nil, err
	}
	if err := tx.Exec(`UPDATE password_resets SET used_at = now() WHERE user_id = ? AND used_at IS NULL`, userID).Error; err != nil {
		return nil, err
	}
	if err := writeAudit(ctx, tx, action, "user", userID, before.audit(), after.audit()); err != nil {
		return nil, err
	}
	return after.toUser(), nil
}
