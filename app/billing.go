package app

import (
	"time"

	"callmatch/api"
	"callmatch/billing"
	billingstripe "callmatch/billing/stripe"
	"callmatch/jobs"
	"callmatch/postgres"
)

// billingPeriod is how often due engagements are invoiced.
const billingPeriod = 5 * time.Second

// billingParts is billing as the app runs it.
type billingParts struct {
	service  *billing.Service
	periodic []jobs.Periodic // the invoicing job; none without a Stripe key
	ready    []api.ReadyCheck
}

// newBilling assembles billing. Without STRIPE_SECRET_KEY there is no job
// and engagements wait in the outbox until a key is set; without
// STRIPE_WEBHOOK_SECRET webhooks are refused (503, which Stripe retries).
// Stripe's readiness is reported but never makes the app unready: invoices
// can wait, campaigns should not.
func newBilling(cfg Config, db *postgres.DB) (billingParts, error) {
	log := cfg.Logger
	var (
		stripe billing.Stripe
		events billing.EventVerifier
		parts  billingParts
	)
	if cfg.StripeSecretKey != "" {
		c, err := billingstripe.New(billingstripe.Config{SecretKey: cfg.StripeSecretKey, APIBase: cfg.StripeAPIBase,
			NetworkRetries: 2})
		if err != nil {
			return parts, err
		}
		stripe = c
		parts.ready = append(parts.ready, api.ReadyCheck{Name: "stripe", Critical: false, Check: c.Ping})
	} else {
		log.Warn("STRIPE_SECRET_KEY is not set: engagements are recorded but not invoiced until it is")
	}
	if cfg.StripeWebhookSecret != "" {
		events = billingstripe.NewWebhooks(cfg.StripeWebhookSecret)
	} else {
		log.Warn("STRIPE_WEBHOOK_SECRET is not set: Stripe webhooks are refused")
	}
	parts.service = billing.NewService(postgres.NewBillingStore(db), stripe, events, log)
	if stripe != nil {
		queue := backoffQueue{postgres.NewBillingQueue(db), &backoff{}} // bounded claims (background.go)
		j := billing.NewJob(parts.service, queue, billing.JobConfig{Logger: log})
		// Every few seconds, on River's leader: invoices can wait that long,
		// and a drain finds nothing to do in one claim.
		parts.periodic = append(parts.periodic, jobs.Periodic{Name: "billing", Every: billingPeriod, Run: j.Drain})
	}
	return parts, nil
}
