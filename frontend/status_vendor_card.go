package frontend

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
	"callmatch/intake"
	"callmatch/matching"
)

// profilesPage is a vendor card (one vendor) or a comparison (two to
// four) reached from the campaign's shared shortlist: each vendor as the
// list shows it, with its public profile beside.
type profilesPage struct {
	*Page
	View      *intake.CampaignView
	Token     string
	Vendors   []profiledVendor
	FormError string // compare: why nothing is compared
}

// profiledVendor is one shared vendor with its public profile and its
// reasons in the page's language.
type profiledVendor struct {
	sharedVendorView
	Profile *intake.VendorProfile
	Words   vendorWords
}

// StatusURL is the way back to the status page, the private link kept.
func (pp *profilesPage) StatusURL() string {
	return "/status/" + url.PathEscape(pp.View.ID) + "?token=" + url.QueryEscape(pp.Token)
}

// CardURL is a vendor's card behind the same link.
func (pp *profilesPage) CardURL(vendorID string) string {
	return "/status/" + url.PathEscape(pp.View.ID) + "/vendors/" + url.PathEscape(vendorID) + "?token=" + url.QueryEscape(pp.Token)
}

// campaignView is the campaign's view through the link in the request,
// or false when the page has answered: a wrong link like a missing
// intake (the "send my link again" page), any other error as a failure.
func (p *pages) campaignView(c *gin.Context, pg *Page) (*intake.CampaignView, bool) {
	view, err := p.Intakes.CampaignView(c.Request.Context(), c.Param("id"), c.Query("token"))
	if callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
		p.statusMissing(c, pg)
		return nil, false
	} else if err != nil {
		p.fail(c, pg, err)
		return nil, false
	}
	return view, true
}

// loadProfiles asks the intake service for the vendors' profiles through
// the campaign's link and pairs each with its place on the shared list.
// A wrong link answers like the status page; a vendor not on that list is
// not found.
func (p *pages) loadProfiles(c *gin.Context, pg *Page, ids []string) (*profilesPage, bool) {
	token := c.Query("token")
	view, profiles, err := p.Intakes.SharedProfiles(c.Request.Context(), c.Param("id"), token, ids)
	if callmatch.ErrorCode(err) == callmatch.ENOTFOUND && view == nil { // the link, not the vendor
		p.statusMissing(c, pg)
		return nil, false
	} else if err != nil {
		p.fail(c, pg, err)
		return nil, false
	}
	pp := &profilesPage{Page: pg, View: view, Token: token}
	shared := sharedVendors(view)
	byID := make(map[string]*intake.VendorProfile, len(profiles))
	for _, prof := range profiles {
		byID[prof.ID] = prof
	}
	for _, v := range shared { // in the list's order, best match first
		if prof, ok := byID[v.VendorID]; ok {
			pp.Vendors = append(pp.Vendors, profiledVendor{sharedVendorView: v, Profile: prof, Words: wordsFor(pg, v)})
		}
	}
	return pp, true
}

// statusVendorCard is one shortlisted vendor's public profile.
func (p *pages) statusVendorCard(c *gin.Context) {
	noReferrer(c)
	pg := p.newPage(c, "card.title")
	pp, ok := p.loadProfiles(c, pg, []string{c.Param("vendor")})
	if !ok {
		return
	}
	pg.Title = pp.Vendors[0].VendorName
	p.render(c, http.StatusOK, "status_vendor", pp)
}

// profileView is a public profile with the page that words it.
type profileView struct {
	*Page
	V *intake.VendorProfile
}

// ProfileOf is a vendor's profile for the vendor_profile partial.
func (pp *profilesPage) ProfileOf(v profiledVendor) profileView {
	return profileView{Page: pp.Page, V: v.Profile}
}

// Place names a site: "Austin, TX, US".
func (pv profileView) Place(s catalog.Site) string {
	parts := make([]string, 0, 3)
	for _, p := range []string{s.City, s.Region, s.Country} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// CertState says where a certification stands: verified, awaiting
// verification, or expired on its date whatever its review said.
func (pv profileView) CertState(c intake.PublicCertification) string {
	switch {
	case c.Expired:
		return pv.T("card.cert_expired", pv.Date(c.ExpiresOn))
	case c.Status == catalog.CertVerified:
		return pv.T("card.cert_verified")
	}
	return pv.T("card.cert_pending")
}

// TrackWords is the verified record in a sentence: "Verified over 3
// delivered programs, 150,000 dials."
func (pv profileView) TrackWords(t *matching.Verified) string {
	return plural(pv.Page, "card.track_text", t.Programs, t.Programs, num(t.Dials))
}
