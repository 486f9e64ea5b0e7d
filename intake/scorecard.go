package intake

import (
	"strings"
	"time"
	"unicode/utf8"

	"callmatch"
)

// Scorecard is the campaign's rating of the vendor when the program ends
// (MARKETPLACE.md §4): four ratings from 1 to 5 and a comment. One per
// engagement.
type Scorecard struct {
	ScriptAdherence int
	DataHandling    int
	Responsiveness  int
	Overall         int
	Comment         string
	CreatedAt       time.Time
}

// maxScorecardComment bounds the comment (the table's check agrees).
const maxScorecardComment = 2000

// Validate checks what the campaign typed.
func (s *Scorecard) Validate() error {
	var fe callmatch.FieldErrors
	for _, r := range []struct {
		field string
		v     int
	}{{"script_adherence", s.ScriptAdherence}, {"data_handling", s.DataHandling},
		{"responsiveness", s.Responsiveness}, {"overall", s.Overall}} {
		if r.v < 1 || r.v > 5 {
			fe.Add(r.field, "must be a rating from 1 to 5")
		}
	}
	s.Comment = strings.TrimSpace(s.Comment)
	if !utf8.ValidString(s.Comment) || utf8.RuneCountInString(s.Comment) > maxScorecardComment {
		fe.Addf("comment", "must be text of at most %d characters", maxScorecardComment)
	}
	return fe.Err()
}

// QA is the scorecard as a QA score from 0 to 1: the mean of its four
// ratings mapped from 1–5. It is what a track record adds up
// (matching.TrackRecord.QASum).
func (s *Scorecard) QA() float64 {
	mean := float64(s.ScriptAdherence+s.DataHandling+s.Responsiveness+s.Overall) / 4
	return (mean - 1) / 4
}

// ScorecardInvite is what the campaign's scorecard link shows: whom it
// rates, for which program, in the campaign's language, and whether it
// was used already.
type ScorecardInvite struct {
	EngagementID string
	IntakeID     string
	VendorID     string
	VendorName   string
	CampaignName string
	Lang         string // "en" or "es"
	Start, End   callmatch.Date
	Used         bool
}

// ErrScorecardLinkNotFound answers an unknown scorecard link.
func ErrScorecardLinkNotFound() error {
	return callmatch.Errorf(callmatch.ENOTFOUND, "This scorecard link is not known; use the link from the mail.")
}
