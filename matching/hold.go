package matching

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"callmatch"
	"callmatch/catalog"
)

// Hold is seats a vendor committed in an open quote (MARKETPLACE.md §3):
// tentative until Until (the quote's valid-until; from the day after, it
// no longer holds) or until the campaign signs, here or elsewhere. Holds
// never knock a vendor out and never change a score: they are warnings on
// the shortlist and a column of the peak-season board.
type Hold struct {
	VendorID  string         `json:"vendor_id"`
	IntakeID  string         `json:"intake_id"`
	WeekStart callmatch.Date `json:"week_start"`
	Language  string         `json:"language"`
	Seats     float64        `json:"seats"`
	Until     callmatch.Date `json:"until"`
}

// holds index the holds by vendor. Most vendors hold none: holdOff nil
// means no vendor does, and a match never looks.
type holds struct {
	held    []heldSeats // vendor i's at held[holdOff[i]:holdOff[i+1]], by week
	holdOff []uint32
}

type heldSeats struct {
	week   callmatch.Date
	until  callmatch.Date
	tenths int32
	lang   uint16
	intake string
}

// WithHolds returns a snapshot sharing c's vendors, bookings and track
// records with hs as its holds, replacing any c had. Holds of unknown
// vendors or languages, or of seats ≤ 0, are ignored.
func (c *Catalog) WithHolds(hs []Hold) *Catalog {
	nc := &Catalog{vendors: c.vendors, bookings: c.bookings, tracks: c.tracks}
	if len(hs) == 0 {
		return nc
	}
	at := c.indexOf(len(hs), func(k int) string { return hs[k].VendorID })
	type entry struct {
		vendor int32
		heldSeats
	}
	es := make([]entry, 0, len(hs))
	for _, h := range hs {
		v, lang := at[h.VendorID], catalog.Languages.Index(h.Language)
		tenths := tenthsUp(h.Seats)
		if v < 0 || lang < 0 || !(tenths >= 1) {
			continue
		}
		es = append(es, entry{v, heldSeats{catalog.WeekStart(h.WeekStart), h.Until, int32(min(tenths, math.MaxInt32)), uint16(lang), h.IntakeID}})
	}
	slices.SortFunc(es, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.vendor, b.vendor), cmp.Compare(a.week, b.week), cmp.Compare(a.lang, b.lang))
	})
	n := len(c.profiles)
	nc.holdOff = make([]uint32, n+1)
	nc.held = make([]heldSeats, len(es))
	for k, e := range es {
		nc.held[k] = e.heldSeats
		nc.holdOff[e.vendor+1]++
	}
	for i := range n {
		nc.holdOff[i+1] += nc.holdOff[i]
	}
	return nc
}

func (c *Catalog) hasHolds(i int) bool {
	return c.holdOff != nil && c.holdOff[i] != c.holdOff[i+1]
}

// heldIn sums vendor i's holds in week still holding on asOf, other than
// own's: all languages, and language lang.
func (c *Catalog) heldIn(i int, week, asOf callmatch.Date, lang uint16, own string) (total, inLang int64) {
	if !c.hasHolds(i) {
		return 0, 0
	}
	for _, h := range c.held[c.holdOff[i]:c.holdOff[i+1]] {
		if h.week != week || h.until < asOf || (own != "" && h.intake == own) {
			continue
		}
		total += int64(h.tenths)
		if h.lang == lang {
			inLang += int64(h.tenths)
		}
	}
	return total, inLang
}

// holdWarning appends to w a warning when the vendor's free seats, less
// the seats other open quotes hold, fall short of the program in some week
// of its calling window: the first such week, with the figures.
func (pl *plan) holdWarning(c *Catalog, i int, p *profile, w []string) []string {
	l := pl.load(p)
	if !l.sized() || math.IsInf(l.seats, 1) {
		return w
	}
	first, last := catalog.WeekStart(l.callStart), catalog.WeekStart(pl.end-1)
	for _, h := range c.held[c.holdOff[i]:c.holdOff[i+1]] {
		if h.week < first || h.week > last || h.until < pl.asOf || (pl.ownID != "" && h.intake == pl.ownID) {
			continue
		}
		held, _ := c.heldIn(i, h.week, pl.asOf, 0, pl.ownID)
		free, _ := c.freeSeats(i, h.week, 0, pl.ownID)
		if after := free - float64(held)/10; after < l.seats {
			return append(w, fmt.Sprintf("week of %s: %s seats tentatively held by open quotes for other programs; %s free after them, needs %s",
				h.week, tenthsString(int64(held)), seatString(max(after, 0)), seatString(l.seats)))
		}
	}
	return w
}

func tenthsString(n int64) string {
	if n%10 == 0 {
		return fmt.Sprint(n / 10)
	}
	return fmt.Sprintf("%d.%d", n/10, n%10)
}

func seatString(x float64) string { return tenthsString(int64(tenthsUp(x))) }

// heldOnBoard sums the holds of active vendors still holding on asOf per
// board row (0 all languages, then codes) and week. It reads the holds
// only, never every vendor's weeks: a board without holds costs nothing
// more.
func (c *Catalog) heldOnBoard(weeks []callmatch.Date, asOf callmatch.Date, codes []uint16) [][]float64 {
	out := make([][]float64, len(codes)+1)
	for r := range out {
		out[r] = make([]float64, len(weeks))
	}
	if c.holdOff == nil || len(weeks) == 0 {
		return out
	}
	first := weeks[0]
	for i := range c.profiles {
		if !c.hasHolds(i) || c.profiles[i].flags&flagActive == 0 {
			continue
		}
		for _, h := range c.held[c.holdOff[i]:c.holdOff[i+1]] {
			k := int(h.week-first) / 7
			if h.week < first || k >= len(weeks) || h.until < asOf {
				continue
			}
			out[0][k] += float64(h.tenths) / 10
			if r := slices.Index(codes, h.lang); r >= 0 {
				out[r+1][k] += float64(h.tenths) / 10
			}
		}
	}
	return out
}
