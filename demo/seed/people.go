package seed

import (
	"context"
	"fmt"
	"slices"

	"callmatch"
	"callmatch/account"
	"callmatch/catalog"
	"callmatch/demo"
	"callmatch/postgres"
)

// The desk's onboarding in every state: vendor applications pending (one
// in Spanish), approved (a draft vendor and the applicant's open
// invitation) and rejected with a reason, and on the People page an open
// advisor invitation and an open vendor-user invitation. All of it goes
// through the services, as the demo advisor or admin, so the audit rows,
// the draft vendor and the mail (queued like any other; in `make dev`,
// delivered to Mailpit) are the product's own.

// applicant is one demo application and what the desk decides.
type applicant struct {
	catalog.Application
	decide string // "" (pending), catalog.ApplicationApproved or catalog.ApplicationRejected
	reason string // of a rejection; the applicant reads it
}

// applicants are submitted in this order; the desk lists the newest
// first, so the pending ones lead.
var applicants = []applicant{
	{Application: catalog.Application{Company: "Harbor Point Calling", ContactName: "Owen Castellano",
		Email: "owen@harborpointcalling.example.org", Phone: "+1 757 555 0148", Website: "https://harborpointcalling.example.org",
		Services: []string{"gotv", "persuasion", "voter_id"}, Languages: []string{"en"}, States: []string{"VA", "NC"}, Seats: 40, Lang: "en"},
		decide: catalog.ApplicationApproved},
	{Application: catalog.Application{Company: "QuickReach Leads", ContactName: "Brent Saylor",
		Email: "brent@quickreachleads.example.org", Phone: "+1 702 555 0191",
		Services: []string{"ivr_broadcast"}, Languages: []string{"en"}, States: []string{"NV"}, Seats: 200, Lang: "en"},
		decide: catalog.ApplicationRejected,
		reason: "We list call centers with live callers for campaigns and causes. Broadcast-only services are outside the marketplace; " +
			"you are welcome to apply again once you run live calling programs."},
	{Application: catalog.Application{Company: "Prairie Line Outreach", ContactName: "June Halvorsen",
		Email: "june@prairieline.example.org", Phone: "+1 605 555 0134", Website: "https://prairieline.example.org",
		Services: []string{"advocacy", "fundraising", "polling"}, Languages: []string{"en"}, States: []string{"SD", "ND", "MN"}, Seats: 25, Lang: "en"}},
	{Application: catalog.Application{Company: "Voces del Valle Contacto", ContactName: "Marisol Fuentes",
		Email: "marisol@vocesdelvalle.example.org", Phone: "+1 956 555 0172", Website: "https://vocesdelvalle.example.org",
		Services: []string{"gotv", "voter_registration", "p2p_texting"}, Languages: []string{"en", "es"}, States: []string{"TX"}, Seats: 60, Lang: "es"}},
}

// NewAdvisorEmail is the demo's open advisor invitation.
const NewAdvisorEmail = "new.advisor@demo.callmatch.test"

// teammateEmail is the demo's open invitation of a second user of the
// demo vendor with slug.
func teammateEmail(slug string) string { return "supervisor." + demo.VendorUserEmail(slug) }

// seedPeople seeds the applications through apps and the invitations
// through people (either nil: skipped), acting as the demo advisor and
// admin, who exist by now. Each part is skipped when anything of its kind
// exists, whoever made it: a second run, or the desk's own work, adds
// nothing. Invitations go first, as an approval opens one too. A run
// that dies half-way leaves applications the next run will not complete
// (it sees some and skips); the store's unique open invitation per
// address keeps a rerun of the invitations from doubling them.
func seedPeople(ctx context.Context, db *postgres.DB, cfg Config, teammate *catalog.Vendor, rep *Report) error {
	accounts := postgres.NewAccountStore(db)
	advisor, err := staffActor(ctx, accounts, demo.AdvisorEmail)
	if err != nil {
		return err
	}
	admin, err := staffActor(ctx, accounts, demo.AdminEmail)
	if err != nil {
		return err
	}
	if cfg.People != nil {
		asAdmin := callmatch.WithActor(ctx, admin)
		_, open, err := cfg.People.List(asAdmin)
		if err != nil {
			return fmt.Errorf("seed invitations: %w", err)
		}
		if len(open) == 0 {
			// The admin invites the advisor (only admins may), the advisor
			// onboards the vendor's second user, in Spanish.
			for _, in := range []struct {
				ctx context.Context
				r   account.InviteRequest
			}{
				{asAdmin, account.InviteRequest{Email: NewAdvisorEmail, Role: callmatch.RoleAdvisor}},
				{callmatch.WithActor(ctx, advisor), account.InviteRequest{Email: teammateEmail(teammate.Slug), Role: callmatch.RoleVendor,
					VendorID: teammate.ID, VendorName: teammate.Name, Lang: "es"}},
			} {
				if _, err := cfg.People.Invite(in.ctx, in.r); err != nil {
					return fmt.Errorf("seed invitation of a %s: %w", in.r.Role, err)
				}
			}
		}
	}
	if cfg.Applications != nil {
		if err := seedApplications(callmatch.WithActor(ctx, advisor), cfg.Applications); err != nil {
			return err
		}
	}
	return countPeople(ctx, cfg, admin, rep)
}

// seedApplications submits the demo applications, unless any application
// exists, and decides those the plan decides. Submitting spends the
// form's rate limits under the client "seed", which no visitor is.
func seedApplications(asAdvisor context.Context, apps *catalog.Applications) error {
	existing, err := apps.List(asAdvisor)
	if err != nil || len(existing) > 0 {
		return err
	}
	for _, p := range applicants {
		a := p.Application
		a.Services, a.Languages, a.States = slices.Clone(a.Services), slices.Clone(a.Languages), slices.Clone(a.States) // Validate sorts them
		if err := apps.Submit(asAdvisor, &a, "seed"); err != nil {
			return fmt.Errorf("seed application %s: %w", p.Company, err)
		}
		switch p.decide {
		case catalog.ApplicationApproved:
			_, err = apps.Approve(asAdvisor, a.ID)
		case catalog.ApplicationRejected:
			_, err = apps.Reject(asAdvisor, a.ID, p.reason)
		}
		if err != nil {
			return fmt.Errorf("seed decision on %s: %w", p.Company, err)
		}
	}
	return nil
}

// countPeople reports what the desk shows, whoever made it.
func countPeople(ctx context.Context, cfg Config, admin callmatch.Actor, rep *Report) error {
	ctx = callmatch.WithActor(ctx, admin)
	if cfg.Applications != nil {
		all, err := cfg.Applications.List(ctx)
		if err != nil {
			return err
		}
		rep.Applications = map[string]int{}
		for _, a := range all {
			rep.Applications[a.Status]++
		}
	}
	if cfg.People != nil {
		_, open, err := cfg.People.List(ctx)
		if err != nil {
			return err
		}
		rep.OpenInvitations = len(open)
	}
	return nil
}

// staffActor is the demo staff user with email as the services see a
// signed-in user.
func staffActor(ctx context.Context, accounts *postgres.AccountStore, email string) (callmatch.Actor, error) {
	u, err := accounts.FindUserByEmail(ctx, email)
	if err != nil {
		return callmatch.Actor{}, fmt.Errorf("seed: demo user %s: %w", email, err)
	}
	return callmatch.Actor{UserID: u.ID, Email: u.Email, Role: u.Role, Credential: "session"}, nil
}

// Applied reports whether any vendor application exists, so that
// `callmatch dev` seeds the desk's onboarding into a demo database made
// before it; the store is read directly, as no one is signed in.
func Applied(ctx context.Context, apps *catalog.Applications) (bool, error) {
	all, err := apps.Store.FindApplications(ctx)
	return len(all) > 0, err
}
