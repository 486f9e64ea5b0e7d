// Package seed loads the demo into a database through the product's own
// services and stores: the catalog of package demo, its users, and the
// campaigns of demo.Campaigns played out as an advisor would (submitted,
// reviewed, shortlisted, shared, engaged, billed, closed or withdrawn).
// `callmatch seed --demo`, `callmatch dev` and the README's screenshots
// all load it with Demo, so what the screenshots show is what `make dev`
// shows.
//
// Every step finds what an earlier run left and does only what is
// missing, so running Demo again changes nothing.
package seed

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"time"

	"callmatch"
	"callmatch/account"
	"callmatch/billing"
	"callmatch/catalog"
	"callmatch/demo"
	"callmatch/intake"
	"callmatch/postgres"
	"callmatch/quote"
)

// DefaultVendors is the size of the demo catalog: enough to make search,
// facets and ranking look like a real market.
const DefaultVendors = 320

// Config says what to seed and through what.
type Config struct {
	DB *postgres.DB
	// Intakes is the app's intake service, so that campaign contacts are
	// sealed with the app's data key and dated by its clock, which is the
	// demo's clock too. nil seeds the catalog and users only.
	Intakes *intake.Service
	// Quotes plays the demo's invitations to quote (demo.Quotes) on the
	// campaigns, with the campaigns' clock; nil plays none.
	Quotes *quote.Service
	// Password is every demo user's.
	Password string
	// Applications and People are the app's vendor applications and
	// account services, through which the desk's onboarding is seeded
	// (applications in each state, open invitations); nil skips each.
	// Applications need the data key (applicants' contacts are sealed).
	Applications *catalog.Applications
	People       *account.People
	// Vendors is the catalog size; 0 means DefaultVendors, which is also
	// the least with Intakes. Beyond it, as for load tests, only the first
	// DefaultVendors vendors get logins.
	Vendors int
}

// Report is what Demo found or made.
type Report struct {
	Vendors, VendorsCreated, VendorsUpdated int
	Users                                   int
	// Campaigns are the demo intakes in plan order; empty without Intakes.
	Campaigns []Campaign
	// Applications counts vendor applications by status, and
	// OpenInvitations the invitations neither accepted nor revoked; nil
	// and 0 without the services.
	Applications    map[string]int
	OpenInvitations int
}

// Campaign is one seeded demo intake.
type Campaign struct {
	Plan     demo.Campaign
	IntakeID string
	Status   string
	// Token is the private link token when this run knows it: the run
	// that submitted the intake, or a later one within the intake
	// service's replay window. It is stored nowhere in plain text.
	Token      string
	Shortlists int
	Engaged    []string // vendor ids, in plan order
	Invited    []string // vendor ids invited to quote, in plan order
	Invoices   []*billing.Invoice
}

// Featured returns the campaign whose private link the demo hands out, or
// nil when none was seeded.
func (r *Report) Featured() *Campaign {
	for i := range r.Campaigns {
		if r.Campaigns[i].Plan.Featured {
			return &r.Campaigns[i]
		}
	}
	return nil
}

// StatusPath is the featured campaign's status page (the web route the
// confirmation page links to) with its private link token, or "" when
// this run does not know the token.
func (r *Report) StatusPath() string {
	c := r.Featured()
	if c == nil || c.Token == "" {
		return ""
	}
	return "/status/" + url.PathEscape(c.IntakeID) + "?token=" + url.QueryEscape(c.Token)
}

// Actor is who the seed acts as in audit rows.
var Actor = callmatch.Actor{System: "seed"}

// Demo loads the demo catalog, its users, with cfg.Intakes the demo
// campaigns and with cfg.Applications and cfg.People the desk's
// onboarding (after the users, as the demo staff act in it). The admin user is written last: its presence (Seeded) says a
// run got to the end.
func Demo(ctx context.Context, cfg Config) (*Report, error) {
	ctx = callmatch.WithActor(ctx, Actor)
	n := cfg.Vendors
	if n <= 0 || cfg.Intakes != nil {
		// The campaigns' plan is written for the demo catalog at its size
		// at least: a smaller one lacks the vendors they engage.
		n = max(n, DefaultVendors)
	}
	vendors := demo.Vendors(n)
	rep := &Report{Vendors: len(vendors)}
	var err error
	rep.VendorsCreated, rep.VendorsUpdated, err = postgres.NewVendorStore(cfg.DB).UpsertVendors(ctx, vendors)
	if err != nil {
		return nil, fmt.Errorf("seed vendors: %w", err)
	}
	// One hash for every demo user: argon2id is deliberately slow, and the
	// demo users share one password anyway.
	hash, err := account.HashPassword(cfg.Password)
	if err != nil {
		return nil, err
	}
	users := []*account.User{{Email: demo.AdvisorEmail, Role: callmatch.RoleAdvisor, PasswordHash: hash}}
	for _, v := range vendors[:min(n, DefaultVendors)] {
		users = append(users, &account.User{Email: demo.VendorUserEmail(v.Slug), Role: callmatch.RoleVendor, VendorID: v.ID, PasswordHash: hash})
	}
	// Users first: the campaigns' mail goes to the advisors and vendor
	// users who exist when it is caused (a new intake, an invitation to
	// quote), so the demo's mailbox shows every kind.
	users = append(users, &account.User{Email: demo.AdminEmail, Role: callmatch.RoleAdmin, PasswordHash: hash})
	store := postgres.NewAccountStore(cfg.DB)
	for _, u := range users {
		if err := store.UpsertUser(ctx, u); err != nil {
			return nil, fmt.Errorf("seed user %s: %w", u.Email, err)
		}
	}
	rep.Users = len(users)
	if cfg.Intakes != nil {
		intakes := playable(cfg.Intakes)
		if rep.Campaigns, err = playCampaigns(ctx, cfg.DB, intakes); err != nil {
			return nil, err
		}
		queue, err := playQueue(ctx, cfg.DB, intakes)
		if err != nil {
			return nil, err
		}
		rep.Campaigns = append(rep.Campaigns, queue...)
		if cfg.Quotes != nil {
			quotes := *cfg.Quotes
			quotes.Now = intakes.Now
			if err := playQuotes(ctx, &quotes, intakes, rep.Campaigns); err != nil {
				return nil, err
			}
		}
		if err := playShareUpdates(ctx, intakes, rep.Campaigns); err != nil {
			return nil, err
		}
		if cfg.Intakes.Delivery != nil {
			delivered, err := playDelivered(ctx, cfg.DB, intakes)
			if err != nil {
				return nil, err
			}
			rep.Campaigns = append(rep.Campaigns, delivered...)
		}
	}
	if cfg.Applications != nil || cfg.People != nil {
		if err := seedPeople(ctx, cfg.DB, cfg, vendors[0], rep); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// PortalEmail is the login of the demo vendor user with the most invoices
// (on a tie, the one billed first), whose portal shows billing at work; ""
// when nothing is invoiced or that vendor has no demo login.
func PortalEmail(ctx context.Context, db *postgres.DB) (string, error) {
	invoices, _, err := postgres.NewBillingStore(db).FindInvoices(ctx, billing.InvoiceFilter{PerPage: 200})
	if err != nil {
		return "", err
	}
	count := map[string]int{}
	best := ""
	for _, inv := range slices.Backward(invoices) { // oldest first
		count[inv.VendorID]++
		if count[inv.VendorID] > count[best] {
			best = inv.VendorID
		}
	}
	if best == "" {
		return "", nil
	}
	v, err := postgres.NewVendorStore(db).FindVendorByID(ctx, best)
	if err != nil {
		return "", err
	}
	if _, err := postgres.NewAccountStore(db).FindUserByEmail(ctx, demo.VendorUserEmail(v.Slug)); err != nil {
		if callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
			return "", nil
		}
		return "", err
	}
	return demo.VendorUserEmail(v.Slug), nil
}

// Seeded reports whether a run of Demo got to its end (the demo admin,
// written last, exists) and whether the demo campaigns are there (their
// invoices exist; a run without an intake service, or by a version before
// the campaigns, leaves none).
func Seeded(ctx context.Context, db *postgres.DB) (catalog, campaigns bool, err error) {
	_, err = postgres.NewAccountStore(db).FindUserByEmail(ctx, demo.AdminEmail)
	switch {
	case callmatch.ErrorCode(err) == callmatch.ENOTFOUND:
		return false, false, nil
	case err != nil:
		return false, false, err
	}
	_, total, err := postgres.NewBillingStore(db).FindInvoices(ctx, billing.InvoiceFilter{PerPage: 1})
	if err != nil {
		return true, false, err
	}
	return true, total > 0, nil
}

// playable is the intake service the campaigns are played through: the
// app's own, whose clock is the demo's, until that clock passes
// demo.PlayedBy; after it, a copy whose clock stands at noon that day, so
// that a demo outliving its season still finds vendors for its programs.
// The seed dates what it makes on Stripe's side by the same clock.
func playable(svc *intake.Service) *intake.Service {
	now := svc.Now
	if now == nil {
		now = time.Now
	}
	if callmatch.DateOf(now()) > demo.PlayedBy {
		at := demo.PlayedBy.Time().Add(12 * time.Hour)
		now = func() time.Time { return at }
	}
	c := *svc
	c.Now = now
	return &c
}
