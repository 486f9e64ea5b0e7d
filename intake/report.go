package intake

import (
	"fmt"
	"math"
	"time"

	"callmatch"
	"callmatch/catalog"
)

// Report is a vendor's production of one engagement on one day in one
// language (MARKETPLACE.md §4): one per (engagement, day, language); a
// later report of the same key replaces it (Version + 1).
type Report struct {
	Day        callmatch.Date
	Language   string
	Dials      int64
	Contacts   int64 // a live person reached
	Completes  int64 // polling completes
	AgentHours float64
	OptOuts    int64
	Complaints int64

	// Set by the store.
	Version   int
	UpdatedBy string
	UpdatedAt time.Time
}

// ReportResult is what a submission did: rows new to the engagement and
// rows that replaced an earlier version.
type ReportResult struct {
	Accepted int `json:"accepted"`
	Replaced int `json:"replaced"`
}

// ReportWindow is what a report is checked against: the engagement's
// calling window (the program's start to end date, both included), the
// languages of its program (of its part, for a team-plan part) and
// today, after which no day can have been called yet.
type ReportWindow struct {
	Start, End callmatch.Date
	Languages  []string
	Today      callmatch.Date
}

// Limits of one submission and of one row's figures.
const (
	// MaxReportRows bounds one submission (API body or CSV file): a year of
	// a program in a handful of languages is far below it.
	MaxReportRows = 20_000
	// maxDailyCount is more dials than any call center makes in a day.
	maxDailyCount = 100_000_000
	// maxAgentHours is 24 hours of a million seats.
	maxAgentHours = 24_000_000
)

// Validate checks one row against the window and adds what is wrong to fe
// under prefix + field ("[3].contacts", "row 4: contacts").
func (r *Report) Validate(w *ReportWindow, fe *callmatch.FieldErrors, prefix string) {
	switch {
	case r.Day == 0:
		fe.Add(prefix+"day", "is required (YYYY-MM-DD)")
	case r.Day > w.Today:
		fe.Addf(prefix+"day", "%s is in the future; report days up to %s", r.Day, w.Today)
	case r.Day < w.Start || r.Day > w.End:
		fe.Addf(prefix+"day", "%s is outside the engagement's window %s to %s", r.Day, w.Start, w.End)
	}
	if !catalog.Codes(w.Languages).Has(r.Language) {
		fe.Addf(prefix+"language", "%q is not a language of the program; use %s", r.Language, catalog.Codes(w.Languages).Allowed())
	}
	for _, c := range []struct {
		field string
		n     int64
	}{{"dials", r.Dials}, {"contacts", r.Contacts}, {"completes", r.Completes}, {"opt_outs", r.OptOuts}, {"complaints", r.Complaints}} {
		if c.n < 0 || c.n > maxDailyCount {
			fe.Addf(prefix+c.field, "must be a whole number from 0 to %d", maxDailyCount)
		}
	}
	if r.Contacts > r.Dials {
		fe.Addf(prefix+"contacts", "%d is more than the %d dials; contacts are dials that reached a live person", r.Contacts, r.Dials)
	}
	if r.Completes > r.Contacts {
		fe.Addf(prefix+"completes", "%d is more than the %d contacts; a complete is a contact that finished the call", r.Completes, r.Contacts)
	}
	if !(r.AgentHours >= 0 && r.AgentHours <= maxAgentHours) {
		fe.Addf(prefix+"agent_hours", "must be a number from 0 to %d", maxAgentHours)
	}
	// Stored with two decimals: rounding here makes what is stored, what
	// the audit shows and what a replaced row is compared with the same.
	r.AgentHours = math.Round(r.AgentHours*100) / 100
}

// ValidateReports checks rows against w; every problem is named by the
// row's index and its field ("[2].contacts"), and a second row for a day
// and language already in rows is refused, since one would silently
// replace the other.
func ValidateReports(rows []Report, w *ReportWindow) error {
	var fe callmatch.FieldErrors
	if len(rows) == 0 {
		fe.Add("reports", "send at least one row")
	} else if len(rows) > MaxReportRows {
		fe.Addf("reports", "at most %d rows at once; send %d in smaller parts", MaxReportRows, len(rows))
		return fe.Err()
	}
	seen := make(map[reportKey]int, len(rows))
	for i := range rows {
		prefix := fmt.Sprintf("[%d].", i)
		rows[i].Validate(w, &fe, prefix)
		k := reportKey{rows[i].Day, rows[i].Language}
		if j, dup := seen[k]; dup {
			fe.Addf(prefix+"day", "%s in %s is already row [%d]; send one row per day and language", rows[i].Day, rows[i].Language, j)
		} else {
			seen[k] = i
		}
	}
	return fe.Err()
}

type reportKey struct {
	day  callmatch.Date
	lang string
}
