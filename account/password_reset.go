package account

import (
	"context"
	"time"

	"callmatch"
	"callmatch/mail"
)

// MailKindPasswordReset is the reset mail's template; its Data: token.
const MailKindPasswordReset = "account_password_reset"

// RequestPasswordReset mails a one-time reset link when email belongs to
// an enabled user, and does nothing otherwise; either way it returns nil
// after at least ResetFloor, so that neither the answer nor its time tells
// which addresses have accounts. Over the limit (per address asked about,
// per client) it is rate_limited, for known and unknown addresses alike.
// Repeated requests each mail a new link; every unused one stays good
// until it expires or the password changes.
func (p *People) RequestPasswordReset(ctx context.Context, email, clientIP, lang string) error {
	start := p.Now()
	email = NormalizeEmail(email)
	var fe callmatch.FieldErrors
	if msg := emailProblem(email); msg != "" {
		fe.Add("email", msg)
	}
	if err := fe.Err(); err != nil {
		return err
	}
	if err := p.limitReset(ctx, email, clientIP, start); err != nil {
		return err
	}
	if lang != "es" {
		lang = "en"
	}
	plain, hash := NewToken()
	err := p.Store.CreatePasswordReset(ctx, email, hash, start.Add(p.ResetTTL), func(u *User) mail.Message {
		return mail.Message{Cause: "account.password_reset:" + tokenCause(plain), To: u.Email, Lang: lang,
			Kind: MailKindPasswordReset, Data: map[string]string{"token": plain}}
	})
	if err != nil {
		return err
	}
	if wait := p.ResetFloor - p.Now().Sub(start); wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		}
	}
	return nil
}

func (p *People) limitReset(ctx context.Context, email, clientIP string, now time.Time) error {
	limits := []struct {
		key string
		n   int
	}{{"reset:email:" + addressKey(p.AddressKey, email), p.ResetPerAddress}}
	if ip := loginIPKey(clientIP); ip != "" {
		limits = append(limits, struct {
			key string
			n   int
		}{"reset:" + ip, p.ResetPerClient})
	}
	for _, l := range limits {
		ok, retry, err := p.Auth.Limiter.Hit(ctx, l.key, l.n, p.ResetWindow, now)
		if err != nil {
			return err
		}
		if !ok {
			secs := max(1, int(retry.Seconds()+0.999))
			return &callmatch.Error{Code: callmatch.ERATELIMITED, RetryAfter: time.Duration(secs) * time.Second,
				Message: "Too many reset requests. Try again in " + humanWait(secs) + "."}
		}
	}
	return nil
}

// CheckResetLink says whether a reset link can still be used, for its
// page: nil, or why not (used, expired, unknown).
func (p *People) CheckResetLink(ctx context.Context, token string) error {
	return p.Store.FindPasswordReset(ctx, HashToken(token), p.Now())
}

// ResetPassword spends a reset link: the new password replaces the old,
// every session of the user ends, and a new one is opened here. A second
// use of the link (a double click) is ErrLinkUsed.
func (p *People) ResetPassword(ctx context.Context, token, password string) (u *User, session string, expires time.Time, err error) {
	if err := ValidatePassword(password); err != nil {
		return nil, "", time.Time{}, err
	}
	// The link first: a garbage, spent or expired token costs no argon2
	// work (UsePasswordReset checks it again under its row lock).
	if err := p.CheckResetLink(ctx, token); err != nil {
		return nil, "", time.Time{}, linkError(err)
	}
	hash, err := p.Auth.hashPassword(ctx, password)
	if err != nil {
		return nil, "", time.Time{}, err
	}
	u, err = p.Store.UsePasswordReset(ctx, HashToken(token), hash, p.Now())
	if err != nil {
		return nil, "", time.Time{}, linkError(err)
	}
	session, expires, err = p.Auth.OpenSession(ctx, u)
	return u, session, expires, err
}

// ChangePassword replaces the actor's password after checking the current
// one, and ends their other sessions (keepSession, the plain token of the
// session making the change, stays). It is for a password sign-in only:
// a stolen API token must not be able to take the account over.
func (p *People) ChangePassword(ctx context.Context, current, next, keepSession string) error {
	a := callmatch.ActorFrom(ctx)
	if err := CanIssueAPIToken(a); err != nil { // same rule: a session, never a token
		return err
	}
	if err := ValidatePassword(next); err != nil {
		return err
	}
	// A stolen session must not become a way to guess the password: the
	// current-password checks of one user are limited like reset requests.
	if ok, retry, err := p.Auth.Limiter.Hit(ctx, "password:user:"+a.UserID, p.ResetPerClient, p.ResetWindow, p.Now()); err != nil {
		return err
	} else if !ok {
		return throttled(false, retry)
	}
	u, err := p.Auth.Store.FindUserByID(ctx, a.UserID)
	if err != nil {
		return err
	}
	ok, err := p.Auth.checkPassword(ctx, u.PasswordHash, current)
	if err != nil {
		return err
	} else if !ok {
		return &callmatch.Error{Code: callmatch.EINVALID, Message: "The current password is wrong.",
			Fields: map[string]string{"current_password": "is wrong"}}
	}
	hash, err := p.Auth.hashPassword(ctx, next)
	if err != nil {
		return err
	}
	return p.Store.ChangePassword(ctx, u.ID, u.PasswordHash, hash, HashToken(keepSession))
}
