package frontend

import "callmatch/catalog"

// certBadge is a certification's state as a page shows it: a word (never
// only a colour), its badge class, and the day it lapsed when it did.
type certBadge struct {
	State, Label, Class string
	Expired             string // "valid until <date>" in the page's language, when expired
}

// CertBadge reads c on the page's day, so that an expired certification
// shows "expired" with its date on every page, never "verified".
func (pg *Page) CertBadge(c catalog.Certification) certBadge {
	b := certBadge{State: c.StateOn(pg.Today)}
	b.Label = pg.T("cert.state." + b.State)
	switch b.State {
	case catalog.CertPending:
		b.Class = "warn"
	case catalog.CertRejected, catalog.CertExpired:
		b.Class = "bad"
	}
	if b.State == catalog.CertExpired {
		b.Expired = pg.T("cert.expired_until", pg.Date(c.ExpiresOn))
	}
	return b
}
