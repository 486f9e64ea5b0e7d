package frontend

import (
	"callmatch/intake"
)

// changesView is what a shared update changed, for the partial
// "share_changes": on the campaign's page what it now sees changed, on the
// desk what sharing would change. Desk pages are English, so the one
// catalog's wording serves both.
type changesView struct {
	*Page
	*intake.ShortlistChanges
}

// Changes is what the shared update shown changed from the version
// before; nil on the first version.
func (sp *statusPage) Changes() *changesView {
	sl := sp.View.Shortlist
	if sl == nil || sl.Changes == nil {
		return nil
	}
	return &changesView{Page: sp.Page, ShortlistChanges: sl.Changes}
}

// ShareChanges is what sharing the saved shortlist shown would change for
// the campaign; nil before the first share or when nothing would.
func (ip *intakePage) ShareChanges() *changesView {
	if ip.Share == nil || !ip.Share.Pending || ip.Share.Changes == nil {
		return nil
	}
	return &changesView{Page: ip.Page, ShortlistChanges: ip.Share.Changes}
}

// CanShare says whether the intake may (still) be shared with: not once a
// vendor is engaged or the intake has ended.
func (ip *intakePage) CanShare() bool {
	return intake.CanTransition(ip.Intake.Status, intake.StatusShared)
}
