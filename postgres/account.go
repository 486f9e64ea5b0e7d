package postgres

import (
	"context"
	"crypto/sha256"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"callmatch"
	"callmatch/account"
)

var _ account.Store = (*AccountStore)(nil)

// AccountStore keeps users, sessions and API tokens (migration 00002).
// Changes to users and new API tokens are audited; sessions are not: a
// login is an event for the request log, and the sessions table itself is
// the record of who is signed in.
type AccountStore struct {
	db *DB
}

// NewAccountStore returns a store on db.
func NewAccountStore(db *DB) *AccountStore { return &AccountStore{db: db} }

// userRow is the users table; it never leaves this package.
type userRow struct {
	ID           string
	Email        string
	Name         string
	Role         string
	VendorID     *string
	PasswordHash string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// userAudit is what the audit log keeps of a user. The password hash is
// replaced by a short fingerprint: the log then shows that the password
// changed without holding anything an attacker could crack.
type userAudit struct {
	Email    string `json:"email"`
	Role     string `json:"role"`
	VendorID string `json:"vendor_id"`
	Password string `json:"password"`
}

func (r *userRow) audit() userAudit {
	sum := sha256.Sum256([]byte(r.PasswordHash))
	return userAudit{Email: r.Email, Role: r.Role, VendorID: r.toUser().VendorID, Password: "fingerprint " + hex.EncodeToString(sum[:4])}
}

func (r *userRow) toUser() *account.User {
	u := &account.User{
		ID: r.ID, Email: r.Email, Name: r.Name, Role: r.Role, PasswordHash: r.PasswordHash,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
	if r.VendorID != nil {
		u.VendorID = *r.VendorID
	}
	return u
}

const userColumns = `users.id, users.email, users.name, users.role, users.vendor_id, users.password_hash, users.created_at, users.updated_at`

// CreateUser inserts a new user; a taken email is a conflict.
func (s *AccountStore) CreateUser(ctx context.Context, u *account.User) error {
	return s.writeUser(ctx, u, `
		INSERT INTO users (id, email, role, vendor_id, password_hash)
		VALUES (?, ?, ?, ?, ?)
		RETURNING `+userColumns)
}

// UpsertUser inserts u or updates the user with the same email in one
// statement, so that two seeders racing cannot both insert.
func (s *AccountStore) UpsertUser(ctx context.Context, u *account.User) error {
	return s.writeUser(ctx, u, `
		INSERT INTO users (id, email, role, vendor_id, password_hash)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (email) DO UPDATE SET
			role = EXCLUDED.role,
			vendor_id = EXCLUDED.vendor_id,
			password_hash = EXCLUDED.password_hash,
			updated_at = now()
		RETURNING `+userColumns)
}

// writeUser runs insert (taking id, email, role, vendor_id, password_hash)
// and audits the change in the same transaction.
func (s *AccountStore) writeUser(ctx context.Context, u *account.User, insert string) error {
	if err := checkNewUser(u); err != nil {
		return err
	}
	id := u.ID
	if id == "" {
		id = uuid.NewString()
	}
	var row userRow
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		// Locking the existing row makes "before" the state we replace.
		var before []userRow
		if err := tx.Raw(`SELECT `+userColumns+` FROM users WHERE email = ? FOR UPDATE`, u.Email).Scan(&before).Error; err != nil {
			return err
		}
		if err := tx.Raw(insert, id, u.Email, u.Role, nullableUUID(u.VendorID), u.PasswordHash).Scan(&row).Error; err != nil {
			return err
		}
		if len(before) == 0 {
			return writeAudit(ctx, tx, "user.create", "user", row.ID, nil, row.audit())
		}
		return writeAudit(ctx, tx, "user.update", "user", row.ID, before[0].audit(), row.audit())
	})
	if err != nil {
		return accountError(err, "write user")
	}
	*u = *row.toUser()
	return nil
}

// FindUserByID returns the user or not_found (also for an ID that is not a
// UUID: to the caller that is simply no such user).
func (s *AccountStore) FindUserByID(ctx context.Context, id string) (*account.User, error) {
	if uuid.Validate(id) != nil {
		return nil, errUserNotFound()
	}
	return s.findUser(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id)
}

// FindUserByEmail looks the email up in its normalized form. A disabled
// user is not found: signing in then fails exactly like an unknown email.
func (s *AccountStore) FindUserByEmail(ctx context.Context, email string) (*account.User, error) {
	return s.findUser(ctx, `SELECT `+userColumns+` FROM users WHERE email = ? AND disabled_at IS NULL`, account.NormalizeEmail(email))
}

// UpdatePasswordHash swaps the hash only if it is still oldHash, and
// audits the change with fingerprints, as writeUser does.
func (s *AccountStore) UpdatePasswordHash(ctx context.Context, userID, oldHash, newHash string) error {
	if uuid.Validate(userID) != nil {
		return errUserNotFound()
	}
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		var rows []userRow
		if err := tx.Raw(`SELECT `+userColumns+` FROM users WHERE id = ? AND password_hash = ? FOR UPDATE`, userID, oldHash).Scan(&rows).Error; err != nil {
			return err
		} else if len(rows) == 0 {
			return nil // changed meanwhile (another login, a reset): theirs stands
		}
		before := rows[0]
		after := before
		if err := tx.Raw(`UPDATE users SET password_hash = ?, updated_at = now() WHERE id = ? RETURNING `+userColumns, newHash, userID).Scan(&after).Error; err != nil {
			return err
		}
		return writeAudit(ctx, tx, "user.rehash", "user", userID, before.audit(), after.audit())
	})
	return accountError(err, "update password hash")
}

// PurgeExpired deletes API tokens that expired at or before now, and
// sessions that did or went unused for idle: neither can be used again.
func (s *AccountStore) PurgeExpired(ctx context.Context, now time.Time, idle time.Duration) error {
	db := s.db.gorm.WithContext(ctx)
	return errors.Join(
		accountError(db.Exec(`DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?`, now.UTC(), now.Add(-idle).UTC()).Error, "purge sessions"),
		accountError(db.Exec(`DELETE FROM api_tokens WHERE expires_at <= ?`, now.UTC()).Error, "purge API tokens"),
	)
}

func (s *AccountStore) findUser(ctx context.Context, query string, args ...any) (*account.User, error) {
	var rows []userRow
	if err := s.db.gorm.WithContext(ctx).Raw(query, args...).Scan(&rows).Error; err != nil {
		return nil, accountError(err, "find user")
	}
	if len(rows) == 0 {
		return nil, errUserNotFound()
	}
	return rows[0].toUser(), nil
}

// checkNewUser keeps invalid users out even when a caller skipped
// account.NewUser; the table's CHECKs are the last line, this one speaks
// in field errors.
func checkNewUser(u *account.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if u.PasswordHash == "" {
		return fmt.Errorf("postgres: user %s has no password hash", u.Email)
	}
	return nil
}

// hashArg passes a token hash as one bytea value. GORM spreads a bare
// []byte that follows "(" into a list of its bytes ("VALUES (?" becomes
// 32 parameters); a driver.Valuer is always bound as a single value.
type hashArg []byte

func (h hashArg) Value() (driver.Value, error) { return []byte(h), nil }

func nullableUUID(id string) *string {
	if id == "" {
		return nil
	}
	return &id
}

func errUserNotFound() error { return callmatch.Errorf(callmatch.ENOTFOUND, "User not found.") }

// accountError turns driver errors from the account tables into the shared
// vocabulary; anything unexpected stays internal, wrapped with what we did.
func accountError(err error, op string) error {
	if err == nil {
		return nil
	}
	var pg *pgconn.PgError
	errors.As(err, &pg)
	switch {
	case pg != nil && pg.ConstraintName == "users_email_key":
		return &callmatch.Error{
			Code: callmatch.ECONFLICT, Message: "A user with this email already exists.",
			Fields: map[string]string{"email": "is already taken"},
		}
	case pg != nil && pg.Code == "23503", errors.Is(err, gorm.ErrForeignKeyViolated):
		return errUserNotFound() // the only foreign keys here point at users
	case errors.Is(err, gorm.ErrRecordNotFound):
		return errUserNotFound()
	}
	return translate(op, err)
}
