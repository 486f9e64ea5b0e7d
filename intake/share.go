package intake

import (
	"time"
)

// Share is one version of the shortlist as the campaign was shown it: a
// shortlist with its events up to LastEventID. Pins, drops and notes the
// advisor adds later change nothing the campaign sees until the advisor
// shares again, which makes the next Share. Shares are appended, never
// changed.
type Share struct {
	ID          string
	Number      int // 1, 2, 3… per intake: the campaign's first version, its update 2…
	ShortlistID string
	LastEventID int64 // 0: none of the shortlist's events
	SharedAt    time.Time
	SharedBy    string // actor label
}

// Covers reports whether sharing sl now would show the campaign exactly
// what sh showed: the same shortlist and no event since.
func (sh *Share) Covers(sl *Shortlist) bool {
	return sh != nil && sh.ShortlistID == sl.ID && sl.LastEventID() == sh.LastEventID
}

// LastEventID is the id of the latest event, 0 when there is none.
func (s *Shortlist) LastEventID() int64 {
	var last int64
	for _, e := range s.Events {
		last = max(last, e.ID)
	}
	return last
}

// AsShared returns sl as sh showed it: the events up to sh.LastEventID,
// SharedAt the moment of sh, Share sh. sl is left as it is.
func (s *Shortlist) AsShared(sh *Share) *Shortlist {
	out := *s
	out.Events = make([]Event, 0, len(s.Events))
	for _, e := range s.Events {
		if e.ID <= sh.LastEventID {
			out.Events = append(out.Events, e)
		}
	}
	at := sh.SharedAt
	out.SharedAt, out.Share = &at, sh
	return &out
}

// ShortlistChanges is what one shared version changed from the one before,
// as the campaign sees it: vendors added, vendors no longer on it (never
// why: drop reasons are the advisor's), vendors that changed places among
// those on both, vendors newly pinned, and how many notes are new.
type ShortlistChanges struct {
	Since    time.Time       `json:"since"` // when the version before was shared
	Added    []ChangedVendor `json:"added"`
	Removed  []ChangedVendor `json:"removed"`
	Moved    []ChangedVendor `json:"moved"`
	Pinned   []ChangedVendor `json:"pinned"`
	NewNotes int             `json:"new_notes"`
}

// ChangedVendor is a vendor whose place changed: From and To are its ranks
// before and after, 0 where it is not on that version.
type ChangedVendor struct {
	VendorID   string `json:"vendor_id"`
	VendorName string `json:"vendor_name"`
	From       int    `json:"from"`
	To         int    `json:"to"`
}

// None reports whether nothing changed that the campaign would see.
func (c *ShortlistChanges) None() bool {
	return len(c.Added)+len(c.Removed)+len(c.Moved)+len(c.Pinned)+c.NewNotes == 0
}

// CompareShared says what after changed from before. A vendor counts as
// moved only when its order among the vendors on both versions changed,
// and then only the fewest vendors that explain the new order (those off
// the longest run kept in the old order): the ranks below a removed vendor
// all go up by one, and one vendor moved to the top pushes every other
// down; listing each of them would hide the change that matters.
func CompareShared(before, after *SharedShortlist) *ShortlistChanges {
	c := &ShortlistChanges{Since: before.SharedAt, Added: []ChangedVendor{}, Removed: []ChangedVendor{},
		Moved: []ChangedVendor{}, Pinned: []ChangedVendor{}}
	was := map[string]*SharedVendor{}
	for i := range before.Vendors {
		was[before.Vendors[i].VendorID] = &before.Vendors[i]
	}
	is := map[string]bool{}
	var commonBefore, commonAfter []string
	for _, v := range after.Vendors {
		is[v.VendorID] = true
		if _, ok := was[v.VendorID]; ok {
			commonAfter = append(commonAfter, v.VendorID)
		}
	}
	for _, v := range before.Vendors {
		if is[v.VendorID] {
			commonBefore = append(commonBefore, v.VendorID)
		} else {
			c.Removed = append(c.Removed, ChangedVendor{VendorID: v.VendorID, VendorName: v.VendorName, From: v.Rank})
		}
	}
	order := map[string]int{}
	for i, id := range commonBefore {
		order[id] = i
	}
	oldNotes := map[string]int{}
	for _, n := range before.Notes {
		oldNotes[n]++
	}
	for _, v := range before.Vendors {
		for _, n := range v.Notes {
			oldNotes[v.VendorID+"\x00"+n]++
		}
	}
	stayed := inOrder(commonAfter, order)
	for _, v := range after.Vendors {
		old, ok := was[v.VendorID]
		cv := ChangedVendor{VendorID: v.VendorID, VendorName: v.VendorName, To: v.Rank}
		if !ok {
			c.Added = append(c.Added, cv)
		} else {
			cv.From = old.Rank
			if !stayed[v.VendorID] {
				c.Moved = append(c.Moved, cv)
			}
		}
		if v.Pinned && (old == nil || !old.Pinned) {
			c.Pinned = append(c.Pinned, cv)
		}
		for _, n := range v.Notes {
			c.NewNotes += newNote(oldNotes, v.VendorID+"\x00"+n)
		}
	}
	for _, n := range after.Notes {
		c.NewNotes += newNote(oldNotes, n)
	}
	return c
}

// newNote counts a note once unless the version before had it too.
func newNote(seen map[string]int, key string) int {
	if seen[key] > 0 {
		seen[key]--
		return 0
	}
	return 1
}

// inOrder returns the longest run of ids (in their new order) whose old
// positions increase: the vendors that kept their order. Shortlists hold
// at most maxLimit vendors, so quadratic time is nothing.
func inOrder(ids []string, old map[string]int) map[string]bool {
	n := len(ids)
	length, prev := make([]int, n), make([]int, n)
	best := -1
	for i := range ids {
		length[i], prev[i] = 1, -1
		for j := 0; j < i; j++ {
			if old[ids[j]] < old[ids[i]] && length[j]+1 > length[i] {
				length[i], prev[i] = length[j]+1, j
			}
		}
		if best < 0 || length[i] > length[best] {
			best = i
		}
	}
	out := map[string]bool{}
	for i := best; i >= 0; i = prev[i] {
		out[ids[i]] = true
	}
	return out
}
