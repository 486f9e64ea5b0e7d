package main

import (
	"log/slog"

	"callmatch/api"
	"callmatch/billing"
	billingstripe "callmatch/billing/stripe"
	"callmatch/postgres"
)

// newBilling assembles billing from the configuration. Without
// STRIPE_SECRET_KEY there is no job and engagements wait in the outbox
// until a key is set; without STRIPE_WEBHOOK_SECRET webhooks are refused
// (503, which Stripe retries). Stripe's readiness is reported but never
// makes the app unready: invoices can wait, campaigns should not.
func newBilling(cfg config, db *postgres.DB, log *slog.Logger) (*billing.Service, *billing.Job, []api.ReadyCheck, error) {
	var (
		stripe billing.Stripe
		events billing.EventVerifier
		ready  []api.ReadyCheck
	)
	if cfg.StripeSecretKey != "" {
		c, err := billingstripe.New(billingstripe.Config{SecretKey: cfg.StripeSecretKey, APIBase: cfg.StripeAPIBase,
			NetworkRetries: 2})
		if err != nil {
			return nil, nil, nil, err
		}
		stripe = c
		ready = append(ready, api.ReadyCheck{Name: "stripe", Critical: false, Check: c.Ping})
	} else {
		log.Warn("STRIPE_SECRET_KEY is not set: engagements are recorded but not invoiced until it is")
	}
	if cfg.StripeWebhook != "" {
		events = billingstripe.NewWebhooks(cfg.StripeWebhook)
	} else {
		log.Warn("STRIPE_WEBHOOK_SECRET is not set: Stripe webhooks are refused")
	}
	svc := billing.NewService(postgres.NewBillingStore(db), stripe, events, log)
	if stripe == nil {
		return svc, nil, ready, nil
	}
	job := billing.NewJob(svc, postgres.NewBillingQueue(db), billing.JobConfig{Logger: log})
	return svc, job, ready, nil
}
