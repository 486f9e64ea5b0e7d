package catalog

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"callmatch"
	"callmatch/account"
	"callmatch/mail"
)

// Application is a call center asking to be listed ("List your call
// center"). Its contact (ContactName, Email, Phone) is personal data: the
// store keeps it sealed.
type Application struct {
	ID          string    `json:"id"`
	Company     string    `json:"company"`
	ContactName string    `json:"contact_name"`
	Email       string    `json:"email"`
	Phone       string    `json:"phone"`
	Website     string    `json:"website"`
	Services    []string  `json:"services"`
	Languages   []string  `json:"languages"`
	States      []string  `json:"states"`
	Seats       int       `json:"seats"`
	Lang        string    `json:"lang"` // the form's language: en or es
	Status      string    `json:"status"`
	Reason      string    `json:"reason,omitempty"`
	VendorID    string    `json:"vendor_id,omitempty"` // the draft vendor once approved
	DecidedBy   string    `json:"decided_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// Application statuses.
const (
	ApplicationPending  = "pending"
	ApplicationApproved = "approved"
	ApplicationRejected = "rejected"
)

// MailKindApplicationRejected is the rejection mail's template; Data:
// company, reason.
const MailKindApplicationRejected = "vendor_application_rejected"

// Validate normalizes the application as typed and names every problem.
func (a *Application) Validate() error {
	var fe callmatch.FieldErrors
	trim := func(s *string) { *s = strings.TrimSpace(*s) }
	for _, s := range []*string{&a.Company, &a.ContactName, &a.Email, &a.Phone, &a.Website} {
		trim(s)
	}
	text := func(field, s string, min, max int) {
		if !utf8.ValidString(s) {
			fe.Add(field, "must be text in UTF-8")
		} else if n := utf8.RuneCountInString(s); n < min || n > max {
			if min > 0 {
				fe.Addf(field, "must be %d to %d characters", min, max)
			} else {
				fe.Addf(field, "must be at most %d characters", max)
			}
		}
	}
	text("company", a.Company, 1, maxNameLen)
	text("contact_name", a.ContactName, 1, 200)
	text("phone", a.Phone, 0, 40)
	a.Email = account.NormalizeEmail(a.Email)
	if msg := account.EmailProblem(a.Email); msg != "" {
		fe.Add("email", msg)
	}
	if a.Website != "" {
		if !strings.Contains(a.Website, "://") {
			a.Website = "https://" + a.Website
		}
		if u, err := url.Parse(a.Website); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(a.Website) > 300 {
			fe.Add("website", "must be a web address like https://example.org")
		}
	}
	for _, l := range []struct {
		field string
		list  *[]string
		codes Codes
	}{{"services", &a.Services, Services}, {"languages", &a.Languages, Languages}, {"states", &a.States, States}} {
		slices.Sort(*l.list)
		*l.list = slices.Compact(*l.list)
		if *l.list == nil {
			*l.list = []string{}
		}
		checkCodes(&fe, l.field, *l.list, l.codes)
	}
	if len(a.Services) == 0 {
		fe.Add("services", "choose at least one")
	}
	if len(a.Languages) == 0 {
		fe.Add("languages", "choose at least one")
	}
	if a.Seats < 1 || a.Seats > maxSeats {
		fe.Addf("seats", "must be a whole number from 1 to %d", maxSeats)
	}
	if a.Lang != "es" {
		a.Lang = "en"
	}
	return fe.Err()
}

// DraftVendor is the inactive vendor an approval creates: what the
// applicant told us, for the vendor to complete in the portal. Each
// language gets the declared seats as an upper bound until the vendor
// splits them.
func (a *Application) DraftVendor() *Vendor {
	v := &Vendor{Name: a.Company, Slug: Slugify(a.Company), Status: StatusDraft, Website: a.Website,
		Services: slices.Clone(a.Services), StateExperience: slices.Clone(a.States),
		Capacity: Capacity{HoursPerDay: 8}}
	for _, l := range a.Languages {
		v.Languages = append(v.Languages, LanguageSeats{Code: l, Seats: a.Seats})
	}
	return v
}

// ApplicationStore keeps applications. Approve and Reject lock the row and
// act only on a pending application, so a double click decides once.
type ApplicationStore interface {
	CreateApplication(ctx context.Context, a *Application) error
	FindApplications(ctx context.Context) ([]*Application, error)
	FindApplication(ctx context.Context, id string) (*Application, error)
	// ApproveApplication locks the application and, if it is pending,
	// asks approve (given it and the new vendor's id) for the draft vendor
	// and the invitation of the applicant with its token hash and mail, and stores them all with
	// the decision in one transaction. A decided application is returned
	// unchanged.
	ApproveApplication(ctx context.Context, id string, approve func(a *Application, vendorID string) (*Vendor, *account.Invitation, []byte, mail.Message, error)) (*Application, error)
	// RejectApplication records the reason and queues the mail m built for
	// the application. A decided application is returned unchanged.
	RejectApplication(ctx context.Context, id, reason string, m func(a *Application) mail.Message) (*Application, error)
}
