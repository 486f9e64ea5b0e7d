package api

import (
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/billing"
)

// maxWebhookBody bounds a Stripe delivery. Invoice events are a few KB;
// the margin is for event types billing ignores, which must still get
// their 200 rather than a 413 that Stripe would retry for days.
const maxWebhookBody = 4 << 20

// WebhookAck answers a delivery Stripe may stop retrying.
type WebhookAck struct {
	Received bool            `json:"received"`
	Outcome  billing.Outcome `json:"outcome"`
}

// stripeWebhook takes Stripe's deliveries. It needs no session or token:
// the signature over the raw body is the authentication, which is why the
// body is read as bytes and never decoded before it is verified. A bad
// signature is 400; everything Stripe signed is acknowledged with 200,
// including events billing ignores, so that only real failures (the
// database) make Stripe retry.
func (s *Server) stripeWebhook(c *gin.Context) {
	if s.billing == nil {
		fail(c, errBillingOff)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxWebhookBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			fail(c, callmatch.Errorf(callmatch.ETOOLARGE, "The body is larger than %d bytes.", maxWebhookBody))
			return
		}
		fail(c, callmatch.Errorf(callmatch.EINVALID, "The body could not be read."))
		return
	}
	outcome, err := s.billing.HandleWebhook(c.Request.Context(), body, c.GetHeader("Stripe-Signature"))
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, WebhookAck{Received: true, Outcome: outcome})
}
