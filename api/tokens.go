package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/account"
)

// TokenRequest is the body of POST /api/v1/tokens. A zero TTLDays means
// the default lifetime.
type TokenRequest struct {
	Name    string `json:"name"`
	TTLDays int    `json:"ttl_days"`
}

// TokenResponse shows a new API token once; only its hash is stored.
type TokenResponse struct {
	ID        string    `json:"id"`
	Token     string    `json:"token"`
	Name      string    `json:"name"`
	ExpiresAt time.Time `json:"expires_at"`
}

// TokenInfo describes one of the caller's tokens, never its secret.
type TokenInfo struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

// TokenList is the answer of GET /api/v1/tokens.
type TokenList struct {
	Tokens []TokenInfo `json:"tokens"`
}

func tokenInfo(t account.APIToken) TokenInfo {
	return TokenInfo{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt, LastUsedAt: t.LastUsedAt}
}

func (s *Server) createToken(c *gin.Context) {
	var req TokenRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	ctx := c.Request.Context()
	plain, t, err := s.auth.IssueAPIToken(ctx, callmatch.ActorFrom(ctx), req.Name, req.TTLDays)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, TokenResponse{ID: t.ID, Token: account.APITokenPrefix + plain, Name: t.Name, ExpiresAt: t.ExpiresAt})
}

func (s *Server) listTokens(c *gin.Context) {
	ctx := c.Request.Context()
	tokens, err := s.auth.ListAPITokens(ctx, callmatch.ActorFrom(ctx))
	if err != nil {
		fail(c, err)
		return
	}
	list := TokenList{Tokens: make([]TokenInfo, len(tokens))}
	for i, t := range tokens {
		list.Tokens[i] = tokenInfo(t)
	}
	c.JSON(http.StatusOK, list)
}

func (s *Server) revokeToken(c *gin.Context) {
	ctx := c.Request.Context()
	if err := s.auth.RevokeAPIToken(ctx, callmatch.ActorFrom(ctx), c.Param("id")); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
