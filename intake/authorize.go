package intake

import (
	"context"

	"callmatch"
	"callmatch/account"
)

// campaignActor labels the holder of a private link (and an anonymous
// submitter) in audit rows. It is a system actor that may do no staff work.
const campaignActor = "campaign"

// authorizeStaff is the decision for every staff operation of the service
// (reading intakes, shortlists and engagements, changing them, what-if
// matching), made here so that no handler can forget it: signed-in staff
// per account policy, or the system itself (the CLI, the demo seed), which
// acts for the operator. Anyone else gets the policy's answer:
// unauthorized when anonymous, forbidden for a vendor user.
func authorizeStaff(ctx context.Context) error {
	a := callmatch.ActorFrom(ctx)
	if a.UserID == "" && a.System != "" && a.System != campaignActor {
		return nil
	}
	return account.CanManageIntakes(a)
}

// asCampaign labels an anonymous caller as the campaign in audit rows.
func asCampaign(ctx context.Context) context.Context {
	a := callmatch.ActorFrom(ctx)
	if a.UserID == "" && a.System == "" {
		a.System = campaignActor
		ctx = callmatch.WithActor(ctx, a)
	}
	return ctx
}
