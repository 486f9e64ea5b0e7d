package intake

import "context"

// AuthorizeStaff is the staff decision of the intake workflow (signed-in
// staff, or the system acting for the operator), for services built on
// intakes such as quotes, so that both decide alike.
func AuthorizeStaff(ctx context.Context) error { return authorizeStaff(ctx) }

// CampaignIntake returns the intake when token is its private link token,
// else the same not_found as for a missing intake; the context comes back
// labelled as the campaign for audit rows. Services built on intakes
// (quotes) use it to act for the holder of the link.
func (s *Service) CampaignIntake(ctx context.Context, id, token string) (context.Context, *Intake, error) {
	in, err := s.authorizeLink(ctx, id, token)
	if err != nil {
		return ctx, nil, err
	}
	return asCampaign(ctx), in, nil
}
