package intake

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"callmatch"
	"callmatch/matching"
)

// Shortlist is a decision record: one run of the engine on one intake, with
// every input that produced it, and the advisor's events beside it. Nothing
// edits a shortlist once stored; generating again makes a new version.
type Shortlist struct {
	ID             string
	IntakeID       string
	Version        int // 1, 2, 3… per intake
	CreatedAt      time.Time
	CreatedBy      string // actor label
	IntakeVersion  int64
	Weights        matching.Weights // as chosen, before normalization
	Method         string
	AsOf           callmatch.Date
	Limit          int
	CatalogVersion string
	EngineVersion  string
	Result         *matching.Result
	Events         []Event
	SharedAt       *time.Time // the first share of this shortlist
	// Share is set on a shortlist as a share showed it (AsShared): then
	// Events end where that share ended and SharedAt is its moment.
	Share *Share

	// ResultJSON is the result exactly as stored. The API sends these
	// bytes rather than re-encoding Result, so an old record still says
	// precisely what the engine said then, even after matching.Result
	// gains or loses fields.
	ResultJSON json.RawMessage
}

// Candidate returns the shortlisted (not excluded) vendor with id, or nil.
func (s *Shortlist) Candidate(vendorID string) *matching.Candidate {
	if s.Result == nil {
		return nil
	}
	for i := range s.Result.Shortlist {
		if s.Result.Shortlist[i].VendorID == vendorID {
			return &s.Result.Shortlist[i]
		}
	}
	return nil
}

// Dropped reports whether the advisor's standing pin or drop of the
// vendor is a drop: a later pin takes a drop back, and so does an undo.
func (s *Shortlist) Dropped(vendorID string) bool { return s.mark(vendorID).Type == EventDrop }

// Pinned reports whether the standing pin or drop of the vendor is a pin.
func (s *Shortlist) Pinned(vendorID string) bool { return s.mark(vendorID).Type == EventPin }

// mark is the vendor's standing pin or drop (the zero Event when none).
func (s *Shortlist) mark(vendorID string) Event {
	if st := s.marks()[vendorID]; len(st) > 0 {
		return st[len(st)-1]
	}
	return Event{}
}

// marks replays the events: per vendor, the pins and drops still
// standing, oldest first. An undo takes back the vendor's latest one.
func (s *Shortlist) marks() map[string][]Event {
	out := map[string][]Event{}
	for _, e := range s.Events {
		switch e.Type {
		case EventPin, EventDrop:
			out[e.VendorID] = append(out[e.VendorID], e)
		case EventUndo:
			if st := out[e.VendorID]; len(st) > 0 {
				out[e.VendorID] = st[:len(st)-1]
			}
		}
	}
	return out
}

// LastMark is the pin or drop an undo would take back first: the latest
// one still standing on the shortlist, or nil.
func (s *Shortlist) LastMark() *Event {
	var last *Event
	for _, st := range s.marks() {
		if len(st) == 0 {
			continue
		}
		if e := st[len(st)-1]; last == nil || e.ID > last.ID {
			last = &e
		}
	}
	return last
}

// Standing is the events as they stand: without undos and without the
// pins and drops they took back. Pages show these; the record (the API)
// keeps every event.
func (s *Shortlist) Standing() []Event {
	keep := map[int64]bool{}
	for _, st := range s.marks() {
		for _, e := range st {
			keep[e.ID] = true
		}
	}
	out := make([]Event, 0, len(s.Events))
	for _, e := range s.Events {
		if e.Type == EventNote || keep[e.ID] {
			out = append(out, e)
		}
	}
	return out
}

// Event types. An undo takes back the vendor's latest pin or drop still
// standing (Shortlist.marks); events are never edited or deleted.
const (
	EventPin  = "pin"
	EventDrop = "drop"
	EventNote = "note"
	EventUndo = "undo"
)

// Limits on event text.
const (
	minReason = 3
	maxReason = 2000
)

// Event is an advisor's judgement recorded beside a shortlist, never written
// into the engine's result: a pin or drop of one vendor with the reason, or
// a note (about one vendor, or the whole list when VendorID is empty).
type Event struct {
	ID       int64
	Type     string
	VendorID string
	Reason   string
	Actor    string // actor label, set by the store
	At       time.Time

	// Undoes is, on an undo, the id of the pin or drop the advisor saw
	// and means to take back (the desk's form, the API's "undoes"); not
	// stored. When it is no longer the one standing (the undo was sent
	// twice, or someone else changed the marks), CheckEvent refuses rather
	// than take back another. 0 takes back whatever stands.
	Undoes int64 `json:"-"`
}

// Validate checks the event on its own and trims the reason.
func (e *Event) Validate() error {
	var fe callmatch.FieldErrors
	e.Reason = strings.TrimSpace(e.Reason)
	e.VendorID = strings.TrimSpace(e.VendorID)
	switch e.Type {
	case EventPin, EventDrop, EventUndo:
		if e.VendorID == "" {
			fe.Addf("vendor_id", "is required to %s a vendor", e.Type)
		}
	case EventNote:
	default:
		fe.Add("type", "must be one of pin, drop, note, undo")
	}
	switch {
	case e.Undoes < 0:
		fe.Add("undoes", "must be the id of the pin or drop to take back (a positive number)")
	case e.Undoes != 0 && e.Type != EventUndo:
		fe.Addf("undoes", "is for an undo only; a %s takes nothing back", e.Type)
	}
	if e.Type == EventUndo && e.Reason == "" {
		e.Reason = "Takes back the last pin or drop."
	}
	if n := len([]rune(e.Reason)); n < minReason || n > maxReason {
		fe.Addf("reason", "write why, in %d to %d characters", minReason, maxReason)
	}
	return fe.Err()
}

// CheckEvent checks that e fits this shortlist and its intake: a pin, drop
// or note about a vendor must name a vendor the engine shortlisted (an
// excluded vendor failed a hard rule, and no judgement can bring it back),
// and a closed or withdrawn intake takes no more events.
func (s *Shortlist) CheckEvent(intakeStatus string, e Event) error {
	if IsTerminal(intakeStatus) {
		return callmatch.Errorf(callmatch.ECONFLICT, "The intake is %s; its shortlists take no more events.", intakeStatus)
	}
	if e.VendorID != "" && s.Candidate(e.VendorID) == nil {
		return &callmatch.Error{Code: callmatch.EINVALID, Message: "Some fields are not valid.",
			Fields: map[string]string{"vendor_id": fmt.Sprintf("%q is not on shortlist version %d", e.VendorID, s.Version)}}
	}
	if e.Type == EventUndo {
		m := s.mark(e.VendorID)
		switch {
		case e.Undoes != 0 && e.Undoes != m.ID:
			return s.notUndoable(e)
		case m.Type == "":
			return callmatch.Errorf(callmatch.ECONFLICT, "%s has no pin or drop left to undo on shortlist version %d.",
				s.Candidate(e.VendorID).VendorName, s.Version)
		}
	}
	return nil
}

// notUndoable says why e.Undoes is not the vendor's latest pin or drop
// still standing, naming the field: not one of the vendor's pins or drops
// here at all (invalid), or one taken back already, as a repeated undo
// finds it, or one a later pin or drop stands over (conflicts: the
// shortlist moved on since the advisor looked).
func (s *Shortlist) notUndoable(e Event) error {
	name := s.Candidate(e.VendorID).VendorName
	var target *Event
	for i := range s.Events {
		if s.Events[i].ID == e.Undoes {
			target = &s.Events[i]
		}
	}
	if target == nil || target.VendorID != e.VendorID || (target.Type != EventPin && target.Type != EventDrop) {
		return &callmatch.Error{Code: callmatch.EINVALID, Message: "Some fields are not valid.",
			Fields: map[string]string{"undoes": fmt.Sprintf("%d is not a pin or drop of %s on shortlist version %d", e.Undoes, name, s.Version)}}
	}
	for _, st := range s.marks()[e.VendorID] {
		if st.ID == e.Undoes {
			return &callmatch.Error{Code: callmatch.ECONFLICT,
				Message: fmt.Sprintf("That %s of %s is no longer the latest: a later pin or drop stands over it; the shortlist shows what stands now.", target.Type, name),
				Fields:  map[string]string{"undoes": fmt.Sprintf("%d is not the latest pin or drop of %s still standing", e.Undoes, name)}}
		}
	}
	return &callmatch.Error{Code: callmatch.ECONFLICT,
		Message: fmt.Sprintf("That %s of %s was already taken back; the shortlist shows what stands now.", target.Type, name),
		Fields:  map[string]string{"undoes": fmt.Sprintf("%d was already taken back", e.Undoes)}}
}

// GenerateOptions are the advisor's choices for a new shortlist.
type GenerateOptions struct {
	Weights *matching.Weights // nil: the form's priorities, else the defaults
	Method  string            // "" means saw
	Limit   int               // 0: every vendor that survives the knockouts
}

// maxLimit bounds the stored shortlist length; nobody reads further.
const maxLimit = 100

// Validate checks what the engine would not: the limit's range.
func (o GenerateOptions) Validate() error {
	var fe callmatch.FieldErrors
	if o.Limit < 0 || o.Limit > maxLimit {
		fe.Addf("limit", "must be between 0 (no limit) and %d", maxLimit)
	}
	if o.Weights != nil {
		if msg := ValidateWeights(*o.Weights); msg != "" {
			fe.Add("weights", msg)
		}
	}
	return fe.Err()
}
