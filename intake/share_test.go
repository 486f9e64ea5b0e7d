package intake

import "testing"

// CompareShared names a vendor moved to the top, not every vendor it
// pushed down.
func TestCompareSharedMovesFewest(t *testing.T) {
	t.Parallel()
	list := func(ids ...string) *SharedShortlist {
		s := &SharedShortlist{}
		for i, id := range ids {
			s.Vendors = append(s.Vendors, SharedVendor{Rank: i + 1, VendorID: id, VendorName: "V " + id})
		}
		return s
	}
	c := CompareShared(list("a", "b", "c", "d"), list("d", "a", "c", "e"))
	if len(c.Moved) != 1 || c.Moved[0].VendorID != "d" || c.Moved[0].From != 4 || c.Moved[0].To != 1 ||
		len(c.Removed) != 1 || c.Removed[0].VendorID != "b" || len(c.Added) != 1 || c.Added[0].To != 4 {
		t.Errorf("changes: %+v", c)
	}
	if c := CompareShared(list("a", "b"), list("a", "b")); !c.None() {
		t.Errorf("no change: %+v", c)
	}
}
