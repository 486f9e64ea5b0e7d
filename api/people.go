package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"callmatch/account"
)

// PasswordResetRequest is the body of POST /api/v1/auth/password-reset.
type PasswordResetRequest struct {
	Email string `json:"email"`
	Lang  string `json:"lang"` // of the mail: en (default) or es
}

// AcceptedResponse answers a request whose outcome is not told (202).
type AcceptedResponse struct {
	Status string `json:"status"`
}

// PasswordChangeRequest is the body of POST /api/v1/auth/password.
type PasswordChangeRequest struct {
	CurrentPassword string `json:"current_password"`
	Password        string `json:"password"`
}

// InvitationRequest is the body of POST /api/v1/people/invitations.
type InvitationRequest struct {
	Email    string `json:"email"`
	Role     string `json:"role"`
	VendorID string `json:"vendor_id"`
	Lang     string `json:"lang"`
}

// InvitationInfo describes an invitation, never its link.
type InvitationInfo struct {
	ID         string    `json:"id"`
	Email      string    `json:"email"`
	Role       string    `json:"role"`
	VendorID   string    `json:"vendor_id,omitempty"`
	VendorName string    `json:"vendor_name,omitempty"`
	InvitedBy  string    `json:"invited_by"`
	ExpiresAt  time.Time `json:"expires_at"`
	CreatedAt  time.Time `json:"created_at"`
}

// PersonInfo is one user on GET /api/v1/people.
type PersonInfo struct {
	ID           string     `json:"id"`
	Email        string     `json:"email"`
	Name         string     `json:"name"`
	Role         string     `json:"role"`
	VendorID     string     `json:"vendor_id,omitempty"`
	LastSignInAt *time.Time `json:"last_sign_in_at"`
	Disabled     bool       `json:"disabled"`
}

// PeopleList is the answer of GET /api/v1/people.
type PeopleList struct {
	People      []PersonInfo     `json:"people"`
	Invitations []InvitationInfo `json:"invitations"`
}

func invitationInfo(inv *account.Invitation) InvitationInfo {
	return InvitationInfo{ID: inv.ID, Email: inv.Email, Role: inv.Role, VendorID: inv.VendorID, VendorName: inv.VendorName,
		InvitedBy: inv.InvitedBy, ExpiresAt: inv.ExpiresAt, CreatedAt: inv.CreatedAt}
}

// requestPasswordReset answers 202 for any well-formed address, after the
// same time whether or not it has an account (account.People).
func (s *Server) requestPasswordReset(c *gin.Context) {
	var req PasswordResetRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	if err := s.people.RequestPasswordReset(c.Request.Context(), req.Email, c.ClientIP(), req.Lang); err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusAccepted, AcceptedResponse{Status: "accepted"})
}

// changePassword keeps the session making the change and ends the others.
func (s *Server) changePassword(c *gin.Context) {
	var req PasswordChangeRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	keep := ""
	if cookie, err := c.Request.Cookie(s.sessionCookieName()); err == nil {
		keep = cookie.Value
	}
	if err := s.people.ChangePassword(c.Request.Context(), req.CurrentPassword, req.Password, keep); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) listPeople(c *gin.Context) {
	people, invs, err := s.people.List(c.Request.Context())
	if err != nil {
		fail(c, err)
		return
	}
	out := PeopleList{People: make([]PersonInfo, len(people)), Invitations: make([]InvitationInfo, len(invs))}
	for i, p := range people {
		out.People[i] = PersonInfo{ID: p.ID, Email: p.Email, Name: p.Name, Role: p.Role, VendorID: p.VendorID,
			LastSignInAt: p.LastSignInAt, Disabled: p.DisabledAt != nil}
	}
	for i := range invs {
		out.Invitations[i] = invitationInfo(&invs[i])
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) createInvitation(c *gin.Context) {
	var req InvitationRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	inv, err := s.people.Invite(c.Request.Context(), account.InviteRequest{Email: req.Email, Role: req.Role, VendorID: req.VendorID, Lang: req.Lang})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, invitationInfo(inv))
}

func (s *Server) revokeInvitation(c *gin.Context) {
	if err := s.people.RevokeInvitation(c.Request.Context(), c.Param("id")); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// setDisabled is POST /people/{id}/disable and /enable.
func (s *Server) setDisabled(disabled bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := s.people.SetDisabled(c.Request.Context(), c.Param("id"), disabled); err != nil {
			fail(c, err)
			return
		}
		c.Status(http.StatusNoContent)
	}
}
