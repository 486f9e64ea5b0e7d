package intake

import (
	"context"
	"slices"

	"callmatch"
	"callmatch/catalog"
	"callmatch/matching"
)

// VendorReader reads a vendor as stored, for the public profiles a
// campaign opens from its shared shortlist; the app sets it.
type VendorReader interface {
	FindVendorByID(ctx context.Context, id string) (*catalog.Vendor, error)
}

// MaxProfiles bounds one request for profiles: a vendor card is one, a
// comparison two to four.
const MaxProfiles = 4

// VendorProfile is a vendor's public profile as a campaign sees it from
// its shared shortlist: where it calls from, in which languages, with what
// certifications and delivered record. It carries nothing private: no
// status or slug, no rejection reasons, no documents, no users, and
// nothing about other campaigns than the verified figures matching uses.
type VendorProfile struct {
	ID              string                  `json:"id"`
	Name            string                  `json:"name"`
	Website         string                  `json:"website,omitempty"`
	Description     string                  `json:"description,omitempty"`
	Sites           []catalog.Site          `json:"sites"`
	Languages       []catalog.LanguageSeats `json:"languages"`
	Services        []string                `json:"services"`
	DialingModes    []string                `json:"dialing_modes"`
	UnionShop       bool                    `json:"union_shop"`
	Labor           *catalog.Labor          `json:"labor,omitempty"`
	StateExperience []string                `json:"state_experience"`
	Certifications  []PublicCertification   `json:"certifications"`
	Metrics         catalog.Metrics         `json:"metrics"` // as the vendor reports them (Verified says if checked)
	// Track is the delivered record's verified figures, nil when the
	// vendor has delivered no program on Callmatch yet.
	Track *matching.Verified `json:"track,omitempty"`
}

// PublicCertification is a certification without its evidence or review:
// pending or verified, expired when its end date has passed (whatever its
// review said). Rejected ones are left out.
type PublicCertification struct {
	Kind      string         `json:"kind"`
	Status    string         `json:"status"` // pending, verified
	Expired   bool           `json:"expired"`
	IssuedOn  callmatch.Date `json:"issued_on"`
	ExpiresOn callmatch.Date `json:"expires_on"`
}

// ErrNotOnShortlist answers a vendor the campaign's shared shortlist does
// not show, like a wrong link: the link opens only its own list's vendors.
func ErrNotOnShortlist(vendorID string) error {
	return callmatch.Errorf(callmatch.ENOTFOUND, "Vendor %q is not on your shortlist.", vendorID)
}

// SharedProfiles returns the campaign's view (through its private link)
// and the public profiles of vendorIDs, in that order, each of which must
// be on the shortlist shared with it and not dropped. Once the link is
// good, errors come back with the view (ErrNotOnShortlist for a vendor off
// the list), so that a page can tell them from a wrong link. Reads only: repeated
// or concurrent requests see the latest shared list each time.
func (s *Service) SharedProfiles(ctx context.Context, intakeID, token string, vendorIDs []string) (*CampaignView, []*VendorProfile, error) {
	if len(vendorIDs) == 0 || len(vendorIDs) > MaxProfiles {
		return nil, nil, callmatch.FieldErrors{"v": "names one to four vendors of your shortlist"}.Err()
	}
	view, err := s.CampaignView(ctx, intakeID, token)
	if err != nil {
		return nil, nil, err
	}
	if s.Vendors == nil {
		return nil, nil, &callmatch.Error{Code: callmatch.EUNAVAILABLE, Message: "Vendor profiles are not served here."}
	}
	out := make([]*VendorProfile, 0, len(vendorIDs))
	for _, id := range vendorIDs {
		if view.Shortlist == nil || !slices.ContainsFunc(view.Shortlist.Vendors, func(v SharedVendor) bool { return v.VendorID == id }) {
			return view, nil, ErrNotOnShortlist(id)
		}
		v, err := s.Vendors.FindVendorByID(ctx, id)
		if err != nil {
			return view, nil, err
		}
		p := s.publicProfile(v)
		if s.Delivery != nil {
			t, err := s.Delivery.FindTrackRecord(ctx, id)
			if err != nil {
				return view, nil, err
			}
			if t != nil && t.Programs > 0 {
				ver := t.Verify(v.Metrics)
				p.Track = &ver
			}
		}
		out = append(out, p)
	}
	return view, out, nil
}

func (s *Service) publicProfile(v *catalog.Vendor) *VendorProfile {
	p := &VendorProfile{ID: v.ID, Name: v.Name, Website: v.Website, Description: v.Description, Sites: v.Sites,
		Languages: v.Languages, Services: v.Services, DialingModes: v.DialingModes, UnionShop: v.UnionShop,
		Labor: v.Labor, StateExperience: v.StateExperience, Metrics: v.Metrics,
		Certifications: []PublicCertification{}}
	today := s.today()
	for _, c := range v.Certifications {
		if c.Status == catalog.CertRejected {
			continue
		}
		p.Certifications = append(p.Certifications, PublicCertification{Kind: c.Kind, Status: c.Status,
			Expired: !c.ExpiresOn.IsZero() && c.ExpiresOn < today, IssuedOn: c.IssuedOn, ExpiresOn: c.ExpiresOn})
	}
	return p
}
