package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"callmatch/intake"
)

// MessageRequest is the campaign's message to its advisor. Key is the
// client's own one-time key (16 to 64 of A–Z a–z 0–9 _ -): posting the
// same key again sends nothing more.
type MessageRequest struct {
	Key     string `json:"key"`
	Message string `json:"message"`
	Lang    string `json:"lang,omitempty"` // the language the advisor should answer in; en when absent
}

// MessageSentResponse names the message sent (the first, for a repeat).
type MessageSentResponse struct {
	ID     string    `json:"id"`
	SentAt time.Time `json:"sent_at"`
}

// CampaignMessageResponse is one campaign message.
type CampaignMessageResponse struct {
	ID      string    `json:"id"`
	Lang    string    `json:"lang"`
	Message string    `json:"message"` // "" once the intake was erased
	SentAt  time.Time `json:"sent_at"`
}

// CampaignMessagesResponse lists an intake's campaign messages, newest
// first.
type CampaignMessagesResponse struct {
	Messages []CampaignMessageResponse `json:"messages"`
}

func campaignMessageResponse(m *intake.CampaignMessage) CampaignMessageResponse {
	return CampaignMessageResponse{ID: m.ID, Lang: m.Lang, Message: m.Body, SentAt: m.At}
}

// sendCampaignMessage is the campaign writing to its advisor with its
// private link token; the answer names the message, and echoes no text.
func (s *Server) sendCampaignMessage(c *gin.Context) {
	noReferrer(c)
	var req MessageRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	m, err := s.intakes.SendMessage(c.Request.Context(), s.limiter, c.Param("id"), campaignToken(c), c.ClientIP(),
		intake.MessageDraft{Key: req.Key, Body: req.Message, Lang: req.Lang})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusAccepted, MessageSentResponse{ID: m.ID, SentAt: m.At})
}

// listCampaignMessages gives staff the campaign's messages; the read is
// audited.
func (s *Server) listCampaignMessages(c *gin.Context) {
	msgs, err := s.intakes.Messages(c.Request.Context(), c.Param("id"))
	if err != nil {
		fail(c, err)
		return
	}
	out := CampaignMessagesResponse{Messages: make([]CampaignMessageResponse, len(msgs))}
	for i, m := range msgs {
		out.Messages[i] = campaignMessageResponse(m)
	}
	c.JSON(http.StatusOK, out)
}
