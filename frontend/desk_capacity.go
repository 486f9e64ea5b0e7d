package frontend

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// capacityPage is the peak-season board: weeks × languages, the seats
// open intakes want against the free seats of active vendors, as a heat
// map and as the table behind it.
type capacityPage struct {
	*Page
	Board   *matching.Board
	Map     heatMap
	Columns []string // table column headings: all languages, then each language
	Weeks   []boardWeek
	Tight   int // cells marked tight, over all rows
	Short   int // cells marked short
}

// boardWeek is one row of the table: a week and its cell per language.
type boardWeek struct {
	Start callmatch.Date
	Cells []matching.BoardCell
}

// minBoardDays keeps a board opened just before election day worth
// reading: it always shows four weeks.
const minBoardDays = 27

// deskCapacity shows the board from this week through election day.
func (p *pages) deskCapacity(c *gin.Context) {
	pg := p.newStaffPage(c, "desk", "Peak-season board")
	b, err := p.capacityBoard(c.Request.Context())
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	p.render(c, http.StatusOK, "desk_capacity", newCapacityPage(pg, b))
}

// capacityBoard computes the board on the service's snapshot and open
// intakes; the computation is matching's, pure.
func (p *pages) capacityBoard(ctx context.Context) (*matching.Board, error) {
	in, err := p.Intakes.Board(ctx)
	if err != nil {
		return nil, err
	}
	b, err := matching.NewBoard(in.Catalog, boardIntakes(in.Intakes), matching.BoardOptions{
		AsOf: in.AsOf, Through: max(electionDay(in.AsOf), in.AsOf.AddDays(minBoardDays))})
	if err != nil {
		return nil, err
	}
	trimIdleWeeks(b)
	return b, nil
}

// idleLead is how many weeks nobody calls in the board keeps before the
// first week someone does, so the season starts on screen with context.
const idleLead = 2

// trimIdleWeeks drops the weeks before the season: months in which no open
// intake calls only push the weeks that matter off the map. A board
// nobody calls in at all keeps every week.
func trimIdleWeeks(b *matching.Board) {
	first := slices.IndexFunc(b.Rows[0].Cells, func(c matching.BoardCell) bool { return c.Wanted > 0 })
	if first-idleLead <= 0 {
		return
	}
	cut := first - idleLead
	b.Weeks = b.Weeks[cut:]
	for r := range b.Rows {
		b.Rows[r].Cells = b.Rows[r].Cells[cut:]
	}
}

func boardIntakes(in []intake.BoardIntake) []matching.BoardIntake {
	out := make([]matching.BoardIntake, len(in))
	for i, b := range in {
		out[i] = matching.BoardIntake{ID: b.ID, Request: b.Request}
	}
	return out
}

func newCapacityPage(pg *Page, b *matching.Board) *capacityPage {
	cp := &capacityPage{Page: pg, Board: b}
	for _, row := range b.Rows {
		cp.Columns = append(cp.Columns, cp.rowName(row.Language))
		for _, cell := range row.Cells {
			switch cell.Level {
			case matching.LevelTight:
				cp.Tight++
			case matching.LevelShort:
				cp.Short++
			}
		}
	}
	for k, w := range b.Weeks {
		bw := boardWeek{Start: w}
		for _, row := range b.Rows {
			bw.Cells = append(bw.Cells, row.Cells[k])
		}
		cp.Weeks = append(cp.Weeks, bw)
	}
	cp.Map = newHeatMap(cp)
	return cp
}

// rowName names a board row: a language, or all of them.
func (cp *capacityPage) rowName(lang string) string {
	if lang == "" {
		return "All languages"
	}
	return cp.Language(lang)
}

// Figure says a cell's numbers in words, for the table and the map's
// titles: "21.2 seats wanted of 25 free (85%)".
func (cp *capacityPage) Figure(c matching.BoardCell) string {
	switch {
	case c.Wanted <= 0:
		return fmt.Sprintf("%s free", num(c.Free))
	case c.Free <= 0:
		return fmt.Sprintf("%s wanted; none free", dec1(c.Wanted))
	}
	return fmt.Sprintf("%s wanted of %s free (%s)", dec1(c.Wanted), num(c.Free), pct(c.Ratio()))
}

// LevelWord is a cell's mark in words; colour is never the only cue.
func (cp *capacityPage) LevelWord(level string) string { return levelWord(level) }

func levelWord(level string) string {
	switch level {
	case matching.LevelTight:
		return "tight"
	case matching.LevelShort:
		return "short"
	case matching.LevelOK:
		return "room"
	}
	return ""
}
