package main

import (
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"

	"callmatch/app"
	"callmatch/mail/smtp"
)

// config is everything the binary reads from the environment. Fields tagged
// secret:"true" are masked whenever the config is logged; secret:"password"
// marks a URL whose password alone is masked.
type config struct {
	Addr            string `env:"CALLMATCH_ADDR" envDefault:"127.0.0.1:8080"`
	PublicURL       string `env:"CALLMATCH_PUBLIC_URL"` // required by serve; https://… in production: cookies become Secure and __Host-
	DatabaseURL     string `env:"DATABASE_URL" secret:"true"`
	MeiliURL        string `env:"MEILI_URL"`
	MeiliMasterKey  string `env:"MEILI_MASTER_KEY" secret:"true"`
	StripeSecretKey string `env:"STRIPE_SECRET_KEY" secret:"true"`
	StripeWebhook   string `env:"STRIPE_WEBHOOK_SECRET" secret:"true"`
	StripeAPIBase   string `env:"STRIPE_API_BASE"`
	SMTPURL         string `env:"SMTP_URL" secret:"password"`       // smtp(s)://user:password@host:port; unset: mail is off
	MailFrom        string `env:"MAIL_FROM"`                        // "Callmatch <no-reply@…>", required with SMTP_URL
	DataKey         string `env:"CALLMATCH_DATA_KEY" secret:"true"` // base64 of 32 bytes, for contact fields
	DemoPassword    string `env:"CALLMATCH_DEMO_PASSWORD" envDefault:"callmatch-demo" secret:"true"`
	IntakeRateLimit int    `env:"CALLMATCH_INTAKE_RATE_LIMIT" envDefault:"10"` // public submissions per minute per address
	LogLevel        string `env:"CALLMATCH_LOG_LEVEL" envDefault:"info"`
	// MetricsAddr is the loopback address of the Prometheus listener
	// (/metrics, /debug/pprof/); unset: no metrics listener. `dev` picks a
	// free port.
	MetricsAddr string `env:"CALLMATCH_METRICS_ADDR"`
	// Bounds on waiting for PostgreSQL (README, "Timeouts"); unset takes
	// app's defaults.
	DBConnectTimeout   time.Duration `env:"CALLMATCH_DB_CONNECT_TIMEOUT"`
	DBStatementTimeout time.Duration `env:"CALLMATCH_DB_STATEMENT_TIMEOUT"`
	RequestTimeout     time.Duration `env:"CALLMATCH_REQUEST_TIMEOUT"`
}

func loadConfig() (config, error) {
	var c config
	if err := env.Parse(&c); err != nil {
		return c, usagef("configuration: %v", err)
	}
	return c, nil
}

// LogValue masks secrets: a set secret shows as "***", an unset one as "".
func (c config) LogValue() slog.Value {
	v := reflect.ValueOf(c)
	t := v.Type()
	attrs := make([]slog.Attr, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name := strings.SplitN(f.Tag.Get("env"), ",", 2)[0]
		val := fmt.Sprint(v.Field(i).Interface())
		switch f.Tag.Get("secret") {
		case "true":
			if val != "" {
				val = "***"
			}
		case "password":
			if val != "" {
				val = smtp.Redact(val)
			}
		}
		attrs = append(attrs, slog.String(name, val))
	}
	return slog.GroupValue(attrs...)
}

// app is the part of the configuration the assembled product reads.
func (c config) app(log *slog.Logger) app.Config {
	return app.Config{DatabaseURL: c.DatabaseURL, DataKey: c.DataKey, PublicURL: c.PublicURL,
		MeiliURL: c.MeiliURL, MeiliMasterKey: c.MeiliMasterKey, StripeSecretKey: c.StripeSecretKey,
		StripeWebhookSecret: c.StripeWebhook, StripeAPIBase: c.StripeAPIBase, IntakeRateLimit: c.IntakeRateLimit,
		SMTPURL: c.SMTPURL, MailFrom: c.MailFrom,
		DBConnectTimeout: c.DBConnectTimeout, DBStatementTimeout: c.DBStatementTimeout, RequestTimeout: c.RequestTimeout,
		Logger: log}
}

func (c config) logLevel() slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return slog.LevelInfo
	}
	return l
}
