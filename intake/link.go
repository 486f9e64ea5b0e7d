package intake

import (
	"context"
	"log/slog"
	"net/mail"
	"strings"
	"sync"
	"time"

	"callmatch"
	"callmatch/account"
)

// Limits of "send me my link again". A window mails each intake's link at
// most once however often it is asked; an address may ask a few times an
// hour and a client a few more, so that the form can neither flood a
// campaign's inbox nor serve as a mail cannon.
const (
	LinkWindow       = 10 * time.Minute
	linkPerAddress   = 3
	linkPerClient    = 10
	linkLimitWindow  = time.Hour
	linkBackgroundTO = 15 * time.Second
	// maxLinkInFlight bounds the resends running at once; past it a request
	// is dropped (logged), its answer the same as ever.
	maxLinkInFlight = 16
)

// SendLinkAgain mails the private link of every intake whose contact
// address is addr, for a campaign that lost it. The answer is the same for
// any well-formed address (nil), whether or not an intake uses it, and it
// takes the same time: what depends on the address (its limit, the lookup,
// the queueing) runs in the background after the answer. Only a malformed
// address (invalid, naming the field email) or a client over its limit
// (rate_limited) is answered otherwise, and neither depends on whether the
// address is known.
//
// Repeated and concurrent requests for one address mail each intake once
// per LinkWindow (the queue's cause names the window); l, when not nil,
// bounds requests per client and per address.
func (s *Service) SendLinkAgain(ctx context.Context, l account.Limiter, addr, clientIP string) error {
	addr = strings.TrimSpace(addr)
	if a, err := mail.ParseAddress(addr); err != nil || a.Address != addr || len(addr) > 254 {
		var fe callmatch.FieldErrors
		fe.Add("email", "must be an email address like name@example.org")
		return fe.Err()
	}
	now := s.Now()
	if l != nil {
		ok, retry, err := l.Hit(ctx, "intake.link:client:"+clientIP, linkPerClient, linkLimitWindow, now)
		if err != nil {
			return err
		}
		if !ok {
			return &callmatch.Error{Code: callmatch.ERATELIMITED,
				Message: "Too many requests for links from this address; try again later.", RetryAfter: retry}
		}
	}
	s.bg.run(ctx, s.logger(), func(ctx context.Context) error {
		if l != nil {
			// Over the address's limit: nothing is sent, and nobody is told.
			if ok, _, err := l.Hit(ctx, s.store.LinkMailKey(addr), linkPerAddress, linkLimitWindow, now); err != nil || !ok {
				return err
			}
		}
		_, err := s.store.MailLinkAgain(ctx, addr, now.UTC().Truncate(LinkWindow))
		return err
	})
	return nil
}

// Wait returns when the background work started so far has ended: for a
// clean shutdown, and for tests that look at what it queued.
func (s *Service) Wait() { s.bg.wg.Wait() }

func (s *Service) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// background runs work after the request that asked for it has been
// answered, on a context that outlives the request but not its deadline of
// its own.
type background struct {
	wg   sync.WaitGroup
	once sync.Once
	sem  chan struct{}
}

// run starts fn unless maxLinkInFlight are running. Its error is logged
// without detail that could name a person: the store's errors name intake
// ids at most.
func (b *background) run(ctx context.Context, log *slog.Logger, fn func(context.Context) error) {
	b.once.Do(func() { b.sem = make(chan struct{}, maxLinkInFlight) })
	select {
	case b.sem <- struct{}{}:
	default:
		log.Warn("link resend dropped: too many in flight")
		return
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		defer func() { <-b.sem }()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), linkBackgroundTO)
		defer cancel()
		if err := fn(ctx); err != nil {
			log.Error("link resend failed", slog.String("error", err.Error()))
		}
	}()
}
