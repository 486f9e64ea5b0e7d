package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"callmatch"
	"callmatch/account"
	"callmatch/mail"
)

var _ account.PeopleStore = (*AccountStore)(nil)

// invitationRow is the invitations table joined with its vendor's name.
type invitationRow struct {
	ID         string
	Email      string
	Role       string
	VendorID   *string
	VendorName *string
	Lang       string
	InvitedBy  string
	ExpiresAt  time.Time
	CreatedAt  time.Time
	AcceptedAt *time.Time
	RevokedAt  *time.Time
}

func (r invitationRow) toInvitation() *account.Invitation {
	inv := &account.Invitation{ID: r.ID, Email: r.Email, Role: r.Role, Lang: r.Lang, InvitedBy: r.InvitedBy,
		ExpiresAt: r.ExpiresAt, CreatedAt: r.CreatedAt, AcceptedAt: r.AcceptedAt, RevokedAt: r.RevokedAt}
	if r.VendorID != nil {
		inv.VendorID = *r.VendorID
	}
	if r.VendorName != nil {
		inv.VendorName = *r.VendorName
	}
	return inv
}

// audit is what the log keeps of an invitation: never the token.
func (r invitationRow) audit() map[string]any {
	return map[string]any{"email": r.Email, "role": r.Role, "vendor_id": r.VendorID, "expires_at": r.ExpiresAt.UTC(),
		"accepted_at": r.AcceptedAt, "revoked_at": r.RevokedAt}
}

const invitationSelect = `SELECT i.id, i.email, i.role, i.vendor_id, v.name AS vendor_name, i.lang, i.invited_by,
	i.expires_at, i.created_at, i.accepted_at, i.revoked_at
	FROM invitations i LEFT JOIN vendors v ON v.id = i.vendor_id `

// CreateInvitation stores inv and queues m in one transaction. Repeated
// (a double click): the second revokes the first's link and mails its
// own, so the newest mail always holds the one good link; an open
// invitation of the address for another role or vendor is a conflict
// (replaceOpenInvitation). Concurrent
// inserts of one address collide on invitations_open_email_key and the
// loser is a conflict; an address that already has an account is one too.
func (s *AccountStore) CreateInvitation(ctx context.Context, inv *account.Invitation, tokenHash []byte, m mail.Message) error {
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		return insertInvitation(ctx, tx, inv, tokenHash, m)
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return callmatch.Errorf(callmatch.ECONFLICT, "%s is being invited by someone else right now; reload the page.", inv.Email)
	}
	return accountError(err, "create invitation")
}

// insertInvitation is CreateInvitation inside tx, for writers that invite
// as part of a larger change (approving a vendor application).
func insertInvitation(ctx context.Context, tx *gorm.DB, inv *account.Invitation, tokenHash []byte, m mail.Message) error {
	if inv.ID == "" {
		inv.ID = newID()
	}
	var users int64
	if err := tx.Raw(`SELECT count(*) FROM users WHERE email = ?`, inv.Email).Scan(&users).Error; err != nil {
		return err
	} else if users > 0 {
		return &callmatch.Error{Code: callmatch.ECONFLICT, Message: inv.Email + " already has an account.",
			Fields: map[string]string{"email": "already has an account"}}
	}
	if err := replaceOpenInvitation(ctx, tx, inv); err != nil {
		return err
	}
	var row invitationRow
	err := tx.Raw(`INSERT INTO invitations (id, token_hash, email, role, vendor_id, lang, invited_by, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id, email, role, vendor_id, lang, invited_by, expires_at, created_at`,
		inv.ID, hashArg(tokenHash), inv.Email, inv.Role, nullableUUID(inv.VendorID), inv.Lang, inv.InvitedBy, inv.ExpiresAt.UTC(),
	).Scan(&row).Error
	if err != nil {
		return err
	}
	inv.CreatedAt = row.CreatedAt
	if err := writeAudit(ctx, tx, "invitation.create", "invitation", row.ID, nil, row.audit()); err != nil {
		return err
	}
	return queueMail(ctx, tx, m)
}

// replaceOpenInvitation revokes the address's open invitation when it is
// for the same role and vendor as inv (a repeated invite: the new link
// replaces the old) or has expired (a dead link). A live invitation for
// another role or vendor is a conflict, not revoked: whoever may invite a
// vendor user must not be able to cancel an admin's invitation of the
// same address this way (revoking it is CanManageAccount of its role).
// The open invitation is locked, so a concurrent revoke or accept waits;
// a concurrent insert collides on invitations_open_email_key.
func replaceOpenInvitation(ctx context.Context, tx *gorm.DB, inv *account.Invitation) error {
	var open []struct {
		ID       string
		Role     string
		VendorID *string
		Live     bool
	}
	invitedAt := inv.ExpiresAt.Add(-account.InvitationTTL) // the inviter's clock, as account.People's
	if err := tx.Raw(`SELECT id, role, vendor_id, expires_at > ? AS live
		FROM invitations WHERE email = ? AND accepted_at IS NULL AND revoked_at IS NULL FOR UPDATE`, invitedAt.UTC(), inv.Email).
		Scan(&open).Error; err != nil {
		return err
	}
	for _, r := range open {
		if r.Live && (r.Role != inv.Role || r.VendorID == nil && inv.VendorID != "" || r.VendorID != nil && *r.VendorID != inv.VendorID) {
			return &callmatch.Error{Code: callmatch.ECONFLICT, Fields: map[string]string{"email": "has an open invitation as " + r.Role},
				Message: fmt.Sprintf("%s has an open invitation as %s; it must be revoked before inviting them otherwise.", inv.Email, describeRole(r.Role, r.Role == inv.Role))}
		}
		var revoked []invitationRow
		if err := tx.Raw(`UPDATE invitations SET revoked_at = now() WHERE id = ?
			RETURNING id, email, role, vendor_id, expires_at, accepted_at, revoked_at`, r.ID).Scan(&revoked).Error; err != nil {
			return err
		}
		for _, rv := range revoked {
			if err := writeAudit(ctx, tx, "invitation.revoke", "invitation", rv.ID, nil, rv.audit()); err != nil {
				return err
			}
		}
	}
	return nil
}

// describeRole names an open invitation's role; of the same role as the
// new one, it differs by vendor.
func describeRole(role string, sameRole bool) string {
	if sameRole {
		return role + " of another vendor"
	}
	return role
}

// FindInvitation returns the invitation of a link, whatever its state.
func (s *AccountStore) FindInvitation(ctx context.Context, tokenHash []byte) (*account.Invitation, error) {
	return s.findInvitation(ctx, invitationSelect+`WHERE i.token_hash = ?`, hashArg(tokenHash))
}

// FindInvitationByID returns the invitation, or not_found.
func (s *AccountStore) FindInvitationByID(ctx context.Context, id string) (*account.Invitation, error) {
	if uuid.Validate(id) != nil {
		return nil, errInvitationNotFound()
	}
	return s.findInvitation(ctx, invitationSelect+`WHERE i.id = ?`, id)
}

func (s *AccountStore) findInvitation(ctx context.Context, query string, args ...any) (*account.Invitation, error) {
	var rows []invitationRow
	if err := s.db.gorm.WithContext(ctx).Raw(query, args...).Scan(&rows).Error; err != nil {
		return nil, accountError(err, "find invitation")
	} else if len(rows) == 0 {
		return nil, errInvitationNotFound()
	}
	return rows[0].toInvitation(), nil
}

// FindOpenInvitations lists invitations not yet accepted or revoked.
func (s *AccountStore) FindOpenInvitations(ctx context.Context) ([]account.Invitation, error) {
	var rows []invitationRow
	err := s.db.gorm.WithContext(ctx).Raw(invitationSelect +
		`WHERE i.accepted_at IS NULL AND i.revoked_at IS NULL ORDER BY i.created_at DESC, i.id`).Scan(&rows).Error
	if err != nil {
		return nil, accountError(err, "find invitations")
	}
	out := make([]account.Invitation, len(rows))
	for i, r := range rows {
		out[i] = *r.toInvitation()
	}
	return out, nil
}

// AcceptInvitation locks the invitation row, so that of two concurrent
// accepts the second waits, then sees accepted_at and is refused: one link
// makes one account. The user, the invitation's acceptance and both audit
// rows commit together.
func (s *AccountStore) AcceptInvitation(ctx context.Context, tokenHash []byte, u *account.User, now time.Time) error {
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		var rows []invitationRow
		if err := tx.Raw(`SELECT id, email, role, vendor_id, expires_at, accepted_at, revoked_at
			FROM invitations WHERE token_hash = ? FOR UPDATE`, hashArg(tokenHash)).Scan(&rows).Error; err != nil {
			return err
		} else if len(rows) == 0 {
			return errInvitationNotFound()
		}
		inv := rows[0]
		switch {
		case inv.AcceptedAt != nil || inv.RevokedAt != nil:
			return account.ErrLinkUsed()
		case !now.Before(inv.ExpiresAt):
			return account.ErrLinkExpired()
		}
		var row userRow
		err := tx.Raw(`INSERT INTO users (id, email, name, role, vendor_id, password_hash)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING `+userColumns,
			uuid.NewString(), inv.Email, u.Name, inv.Role, inv.VendorID, u.PasswordHash).Scan(&row).Error
		if err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE invitations SET accepted_at = ?, user_id = ? WHERE id = ?`, now.UTC(), row.ID, inv.ID).Error; err != nil {
			return err
		}
		*u = *row.toUser()
		if err := writeAudit(ctx, tx, "invitation.accept", "invitation", inv.ID, nil, map[string]any{"user_id": row.ID}); err != nil {
			return err
		}
		return writeAudit(ctx, tx, "user.create", "user", row.ID, nil, row.audit())
	})
	return accountError(err, "accept invitation")
}

// RevokeInvitation revokes an open invitation; anything else is left.
func (s *AccountStore) RevokeInvitation(ctx context.Context, id string) error {
	if uuid.Validate(id) != nil {
		return errInvitationNotFound()
	}
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		var rows []invitationRow
		if err := tx.Raw(`UPDATE invitations SET revoked_at = now()
			WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL
			RETURNING id, email, role, vendor_id, expires_at, accepted_at, revoked_at`, id).Scan(&rows).Error; err != nil || len(rows) == 0 {
			return err
		}
		return writeAudit(ctx, tx, "invitation.revoke", "invitation", id, nil, rows[0].audit())
	})
	return accountError(err, "revoke invitation")
}

func errInvitationNotFound() error {
	return callmatch.Errorf(callmatch.ENOTFOUND, "Invitation not found.")
}
