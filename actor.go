package callmatch

import "context"

// Roles a user can hold.
const (
	RoleAdmin   = "admin"
	RoleAdvisor = "advisor"
	RoleVendor  = "vendor"
)

// Actor is who is acting in a request: a signed-in user, a campaign holding
// its private link, or the system itself (CLI, relays). Stores read it from
// the context to write audit rows in the same transaction as the change.
type Actor struct {
	UserID    string // empty for anonymous callers and the system
	Email     string
	Role      string // admin, advisor, vendor; "" when anonymous
	VendorID  string // set for vendor users: the one vendor they belong to
	RequestID string
	System    string // for non-user actors: "cli", "seed", "relay", "campaign"
	// Credential is how a signed-in user proved who they are: "session"
	// (a password sign-in) or "api_token". Some acts need the password.
	Credential string
}

// IsStaff reports whether the actor is an advisor or an admin, who see and
// edit the whole catalog.
func (a Actor) IsStaff() bool { return a.Role == RoleAdvisor || a.Role == RoleAdmin }

// Label names the actor in audit rows.
func (a Actor) Label() string {
	switch {
	case a.UserID != "":
		return "user:" + a.UserID
	case a.System != "":
		return a.System
	default:
		return "anonymous"
	}
}

type actorKey struct{}

// WithActor returns a context carrying the actor.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or the anonymous actor.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}
