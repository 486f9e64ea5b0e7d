package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"callmatch"
	"callmatch/account"
	"callmatch/catalog"
	"callmatch/demo"
	"callmatch/postgres"
)

// demoVendorCount is the size of the demo catalog: enough to make search,
// facets and ranking look like a real market.
const demoVendorCount = 320

func cmdSeed(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	withDemo := fs.Bool("demo", false, "load the demo catalog and demo users")
	if err := fs.Parse(args); err != nil {
		return usagef("seed: %v", err)
	}
	if !*withDemo {
		return usagef("seed: say --demo to load the demo catalog and demo users")
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg, newLogger(cfg, os.Stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	return seedDemo(ctx, db, cfg.DemoPassword, 0, stdout)
}

// seedDemo loads the deterministic demo catalog of n vendors (0: the
// demo's own size) and its users. Running it again changes nothing:
// vendors are upserted by slug and users by email. Beyond the demo's size,
// as for load tests, only the first demoVendorCount vendors get logins.
func seedDemo(ctx context.Context, db *postgres.DB, password string, n int, out io.Writer) error {
	ctx = callmatch.WithActor(ctx, callmatch.Actor{System: "seed"})
	if n <= 0 {
		n = demoVendorCount
	}
	vendors := demo.Vendors(n)
	created, updated, err := postgres.NewVendorStore(db).UpsertVendors(ctx, vendors)
	if err != nil {
		return fmt.Errorf("seed vendors: %w", err)
	}
	// One hash for every demo user: argon2id is deliberately slow, and the
	// demo users share one password anyway.
	hash, err := account.HashPassword(password)
	if err != nil {
		return err
	}
	users := []*account.User{
		{Email: demo.AdminEmail, Role: callmatch.RoleAdmin, PasswordHash: hash},
		{Email: demo.AdvisorEmail, Role: callmatch.RoleAdvisor, PasswordHash: hash},
	}
	for _, v := range vendors[:min(n, demoVendorCount)] {
		users = append(users, &account.User{Email: demo.VendorUserEmail(v.Slug), Role: callmatch.RoleVendor, VendorID: v.ID, PasswordHash: hash})
	}
	store := postgres.NewAccountStore(db)
	for _, u := range users {
		if err := store.UpsertUser(ctx, u); err != nil {
			return fmt.Errorf("seed user %s: %w", u.Email, err)
		}
	}
	fmt.Fprintf(out, "demo data: %d vendors (%d new, %d updated), %d users\n", len(vendors), created, updated, len(users))
	return nil
}

// demoSeeded reports whether the demo admin exists, so `dev` seeds once.
func demoSeeded(ctx context.Context, db *postgres.DB) (bool, error) {
	_, err := postgres.NewAccountStore(db).FindUserByEmail(ctx, demo.AdminEmail)
	switch {
	case err == nil:
		return true, nil
	case callmatch.ErrorCode(err) == callmatch.ENOTFOUND:
		return false, nil
	default:
		return false, err
	}
}

// demoShort reports whether the catalog holds fewer than n vendors, so that
// `dev --demo-vendors n` grows it once rather than on every start.
func demoShort(ctx context.Context, vendors *postgres.VendorStore, n int) (bool, error) {
	if n <= 0 {
		return false, nil
	}
	_, total, err := vendors.FindVendors(ctx, catalog.VendorFilter{PerPage: 1})
	if err != nil {
		return false, err
	}
	return total < n, nil
}
