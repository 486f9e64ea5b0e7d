package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/account"
)

// LoginRequest is the body of POST /api/v1/auth/login.
type LoginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// LoginResponse says who signed in; the session itself is in the cookie.
type LoginResponse struct {
	User      *account.User `json:"user"`
	ExpiresAt time.Time     `json:"expires_at"`
}

func (s *Server) sessionCookieName() string {
	if s.secure {
		return "__Host-callmatch_session"
	}
	// Browsers drop __Host- cookies that are not Secure, so plain HTTP on
	// loopback in development uses a plain name.
	return "callmatch_session"
}

func (s *Server) setSessionCookie(c *gin.Context, value string, expires time.Time) {
	http.SetCookie(c.Writer, s.SessionCookie(value, expires))
}

// SessionCookie is the session cookie carrying value until expires; a zero
// expires deletes it. The web pages' sign-in form sets the same cookie, so
// that one session works for pages and API alike.
func (s *Server) SessionCookie(value string, expires time.Time) *http.Cookie {
	return &http.Cookie{
		Name: s.sessionCookieName(), Value: value, Path: "/", Expires: expires,
		MaxAge: maxAge(expires, s.now()), HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	}
}

func maxAge(expires, now time.Time) int {
	if expires.IsZero() {
		return -1
	}
	return int(expires.Sub(now).Seconds())
}

func (s *Server) login(c *gin.Context) {
	var req LoginRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	u, token, expires, err := s.auth.Login(c.Request.Context(), req.Email, req.Password, c.ClientIP())
	if err != nil {
		fail(c, err)
		return
	}
	s.setSessionCookie(c, token, expires)
	c.JSON(http.StatusOK, LoginResponse{User: u, ExpiresAt: expires})
}

func (s *Server) logout(c *gin.Context) {
	if cookie, err := c.Request.Cookie(s.sessionCookieName()); err == nil && cookie.Value != "" {
		if err := s.auth.Logout(c.Request.Context(), cookie.Value); err != nil {
			fail(c, err)
			return
		}
	}
	s.setSessionCookie(c, "", time.Time{})
	c.Status(http.StatusNoContent)
}

// logoutAll ends every session of the caller, this one included; API tokens
// stay (DELETE /api/v1/tokens/{id} revokes those).
func (s *Server) logoutAll(c *gin.Context) {
	if _, err := s.auth.LogoutAll(c.Request.Context(), callmatch.ActorFrom(c.Request.Context())); err != nil {
		fail(c, err)
		return
	}
	s.setSessionCookie(c, "", time.Time{})
	c.Status(http.StatusNoContent)
}
