package frontend

import (
	"context"

	"callmatch/quote"
)

// QuoteService is what the pages need of quotes (quote.Service implements
// it): the desk invites, compares and releases, the portal answers, and
// the campaign sees what was released. The service decides who may do
// what from the actor in ctx (the campaign by its private link token), so
// a refused call writes nothing and another vendor's invitation is not
// found.
type QuoteService interface {
	Invite(ctx context.Context, iv quote.Invite) ([]*quote.Invitation, error)
	Compare(ctx context.Context, intakeID string) (*quote.Comparison, error)
	Release(ctx context.Context, intakeID string, quoteIDs []string) ([]*quote.Quote, error)
	// Invitations are the vendor user's own.
	Invitations(ctx context.Context, f quote.Filter) ([]*quote.Invitation, error)
	Invitation(ctx context.Context, id string) (*quote.Invitation, error)
	Submit(ctx context.Context, invitationID string, q quote.Quote) (*quote.Quote, error)
	Decline(ctx context.Context, invitationID string, d quote.Decline) (*quote.Invitation, error)
	Released(ctx context.Context, intakeID, token string) ([]*quote.Quote, error)
	TalkTo(ctx context.Context, intakeID, token, quoteID string) error
	Opportunities(ctx context.Context, vendorID string) (*quote.Opportunities, error)
}

var _ QuoteService = (*quote.Service)(nil)
