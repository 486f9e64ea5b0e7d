package matching

import (
	"cmp"
	"math"
	"slices"

	"callmatch"
	"callmatch/catalog"
)

// The peak-season board (MARKETPLACE.md §1): weeks × languages, the seats
// open intakes want against the free seats of active vendors. It is a pure
// function of the snapshot (bookings included) and the open programs, like
// a match, so the desk, an export and a test all read the same figures.

// Board levels of a cell. A cell nobody wants seats in has LevelIdle.
const (
	LevelIdle  = ""
	LevelOK    = "ok"
	LevelTight = "tight" // wanted > TightShare of free
	LevelShort = "short" // wanted > free
)

// TightShare is the share of the market's free seats above which a week
// is tight: a program signing then may find its vendors full by the time
// it is ready to book.
const TightShare = 0.8

// MaxBoardWeeks bounds a board's window: a year and a bit covers any
// season, and the cost of a board grows with its weeks.
const MaxBoardWeeks = 60

// BoardIntake is one open intake as the board counts it: its program's
// demand, from the engine's result-level demand model.
type BoardIntake struct {
	ID      string
	Request Request
}

// BoardOptions says which weeks the board covers. AsOf is required (the
// engine has no clock): weeks before its own are past and not shown, and
// a program's calling days start no earlier. The board runs to the week
// holding Through.
type BoardOptions struct {
	AsOf    callmatch.Date
	Through callmatch.Date
	// Assumptions replaces DefaultAssumptions, as for Match.
	Assumptions *Assumptions
}

// Board is the peak-season board. Rows[0] is every language together
// (wanted seats summed, free seats the vendors' week totals); the other
// rows are the languages open intakes ask for, the most wanted first.
type Board struct {
	Weeks []callmatch.Date `json:"weeks"`
	Rows  []BoardRow       `json:"rows"`
	// Intakes counts the open intakes with calling days on the board;
	// Skipped lists those the engine cannot size (their request is no
	// longer valid under the current rules), so that none is lost silently.
	Intakes int      `json:"intakes"`
	Skipped []string `json:"skipped"`
	// Vendors counts the active vendors whose free seats the board sums.
	Vendors int `json:"vendors"`
}

// BoardRow is one language's weeks; Language "" is all languages.
type BoardRow struct {
	Language string      `json:"language"`
	Cells    []BoardCell `json:"cells"`
}

// BoardCell is one week and language. Seats are concurrent seats on every
// calling day of the week, as seats_needed and a vendor's calendar count
// them.
type BoardCell struct {
	WeekStart callmatch.Date `json:"week_start"`
	Language  string         `json:"language"`
	Wanted    float64        `json:"wanted"`
	Free      float64        `json:"free"`
	Intakes   int            `json:"intakes"` // open intakes calling in this week and language
	Level     string         `json:"level"`
	// Held is the part of Free that open quotes hold tentatively (for
	// intakes that Wanted already counts): a warning, never subtracted.
	Held float64 `json:"held"`
}

// Ratio is the share of the free seats wanted; 0 with nothing wanted and
// +Inf with seats wanted and none free.
func (c BoardCell) Ratio() float64 {
	switch {
	case c.Wanted <= 0:
		return 0
	case c.Free <= 0:
		return math.Inf(1)
	}
	return c.Wanted / c.Free
}

// levelOf marks a cell: short when more is wanted than is free, tight
// above TightShare of it.
func levelOf(wanted, free float64) string {
	switch {
	case wanted <= 0:
		return LevelIdle
	case wanted > free:
		return LevelShort
	case wanted > TightShare*free:
		return LevelTight
	}
	return LevelOK
}

// NewBoard counts the seats open intakes want per week and language
// against the free seats of c's active vendors (c holds the bookings:
// Catalog.WithBookings). Bad options are field errors; an intake the
// engine refuses is listed in Skipped, not an error, so that one stale
// record cannot hide the board.
func NewBoard(c *Catalog, intakes []BoardIntake, opt BoardOptions) (*Board, error) {
	first, weeks, err := boardWeeks(opt)
	if err != nil {
		return nil, err
	}
	b := &Board{Weeks: make([]callmatch.Date, weeks), Skipped: []string{}}
	for k := range b.Weeks {
		b.Weeks[k] = first.AddDays(7 * k)
	}
	wanted, counts, err := b.demand(intakes, opt, first, weeks)
	if err != nil {
		return nil, err
	}
	langs := wantedLanguages(wanted)
	free := make([][]float64, len(langs)+1) // [row][week]; row 0 all languages
	for r := range free {
		free[r] = make([]float64, weeks)
	}
	codes := make([]uint16, len(langs))
	for r, l := range langs {
		codes[r] = uint16(catalog.Languages.Index(l))
	}
	langSeats := make([]float64, len(codes))
	for i := range c.profiles {
		p := &c.profiles[i]
		if p.flags&flagActive == 0 {
			continue
		}
		b.Vendors++
		// Most vendors hold no bookings: their free seats are the declared
		// ones, which is what freeSeats answers for them, without its
		// per-call search of bookings (a board is vendors × weeks ×
		// languages of lookups).
		booked := c.hasBookings(i)
		for r, code := range codes {
			langSeats[r] = float64(c.seatsIn(p, code))
		}
		for k, w := range b.Weeks {
			total := float64(c.weekSeats(p, w))
			if booked {
				total, _ = c.freeSeats(i, w, 0, "")
			}
			free[0][k] += max(total, 0)
			for r, code := range codes {
				in := langSeats[r]
				if booked {
					_, in = c.freeSeats(i, w, code, "")
				}
				// A vendor cannot give a language more than its free
				// seats of the week, whatever its language seats say.
				free[r+1][k] += max(min(total, in), 0)
			}
		}
	}
	held := c.heldOnBoard(b.Weeks, opt.AsOf, codes)
	for r := range free {
		lang := ""
		if r > 0 {
			lang = langs[r-1]
		}
		row := BoardRow{Language: lang, Cells: make([]BoardCell, weeks)}
		for k, w := range b.Weeks {
			want := wanted[lang][k]
			row.Cells[k] = BoardCell{WeekStart: w, Language: lang, Wanted: want, Free: free[r][k],
				Intakes: counts[lang][k], Level: levelOf(want, free[r][k]), Held: held[r][k]}
		}
		b.Rows = append(b.Rows, row)
	}
	return b, nil
}

// boardWeeks validates the window: its first Monday and its length.
func boardWeeks(opt BoardOptions) (callmatch.Date, int, error) {
	var fe callmatch.FieldErrors
	if opt.AsOf.IsZero() {
		fe.Add("as_of", "is required (YYYY-MM-DD): the engine has no clock of its own")
	}
	if opt.Through.IsZero() {
		fe.Add("through", "is required (YYYY-MM-DD): the last day the board shows")
	} else if opt.Through < opt.AsOf {
		fe.Add("through", "must not be before as_of")
	}
	first := catalog.WeekStart(opt.AsOf)
	weeks := int(catalog.WeekStart(opt.Through)-first)/7 + 1
	if len(fe) == 0 && weeks > MaxBoardWeeks {
		fe.Addf("through", "the board shows at most %d weeks", MaxBoardWeeks)
	}
	return first, weeks, fe.Err()
}

// demand sums each intake's seats needed per language over the weeks its
// calling days touch, by language ("" for all) and week index, with how
// many intakes call in each cell.
func (b *Board) demand(intakes []BoardIntake, opt BoardOptions, first callmatch.Date, weeks int) (map[string][]float64, map[string][]int, error) {
	wanted := map[string][]float64{"": make([]float64, weeks)}
	counts := map[string][]int{"": make([]int, weeks)}
	// The result-level demand needs no vendor: an empty snapshot gives it
	// without walking the catalog once per intake.
	empty := NewCatalog(nil, "")
	mopt := Options{AsOf: opt.AsOf, Assumptions: opt.Assumptions, Limit: 1, ExcludedLimit: 1}
	for _, in := range intakes {
		res, err := Match(empty, in.Request, mopt)
		if err != nil {
			if callmatch.ErrorCode(err) != callmatch.EINVALID {
				return nil, nil, err
			}
			b.Skipped = append(b.Skipped, in.ID)
			continue
		}
		// Calling days are [max(start, as_of), end): the weeks they touch.
		from := catalog.WeekStart(max(in.Request.StartDate, opt.AsOf))
		to := catalog.WeekStart(in.Request.EndDate.AddDays(-1))
		lo, hi := int(from-first)/7, int(to-first)/7
		if res.Demand.CallingDays <= 0 || hi < 0 || lo >= weeks {
			continue
		}
		b.Intakes++
		for k := max(lo, 0); k <= min(hi, weeks-1); k++ {
			counts[""][k]++
			for _, l := range res.Demand.ByLanguage {
				if wanted[l.Code] == nil {
					wanted[l.Code], counts[l.Code] = make([]float64, weeks), make([]int, weeks)
				}
				wanted[l.Code][k] += l.SeatsNeeded
				wanted[""][k] += l.SeatsNeeded
				counts[l.Code][k]++
			}
		}
	}
	return wanted, counts, nil
}

// wantedLanguages are the languages with demand, the most wanted seat-weeks
// first, then by code.
func wantedLanguages(wanted map[string][]float64) []string {
	sum := map[string]float64{}
	var out []string
	for l, ws := range wanted {
		if l == "" {
			continue
		}
		out = append(out, l)
		for _, w := range ws {
			sum[l] += w
		}
	}
	slices.SortFunc(out, func(a, b string) int {
		if c := cmp.Compare(sum[b], sum[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return out
}
