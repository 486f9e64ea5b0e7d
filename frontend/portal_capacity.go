package frontend

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
)

// portalCapacity saves calling hours, ramp-up and the weekly grid through
// election day. A week left empty or at the sum of site seats is not
// stored, so it keeps following the sites; weeks outside the grid are kept as they are.
func (p *pages) portalCapacity(c *gin.Context) {
	pg := p.profilePage(c)
	v, ok := p.editedVendor(c, pg)
	if !ok {
		return
	}
	f := c.Request.PostForm
	var fe callmatch.FieldErrors
	capacity := catalog.Capacity{
		HoursPerDay: catalog.FloatField(f.Get("hours_per_day"), "hours_per_day", &fe),
		RampUpDays:  catalog.IntField(f.Get("ramp_up_days"), "ramp_up_days", &fe),
		Calendar:    []catalog.Week{},
	}
	grid := map[callmatch.Date]bool{}
	for _, w := range capacityWeeks(v, p.Now()) {
		grid[w.Start] = true
		typed := strings.TrimSpace(f.Get("w_" + w.Start.String()))
		if typed == "" {
			continue // an empty week follows the sites
		}
		seats := catalog.IntField(typed, fmt.Sprintf("calendar[%d].seats_available", len(grid)-1), &fe)
		if seats != v.TotalSeats() {
			capacity.Calendar = append(capacity.Calendar, catalog.Week{WeekStart: w.Start, SeatsAvailable: seats})
		}
	}
	// Weeks already past say nothing any more and would only crowd out
	// the calendar's bounded length.
	thisWeek := catalog.WeekStart(callmatch.DateOf(p.Now()))
	for _, w := range v.Capacity.Calendar {
		if !grid[w.WeekStart] && w.WeekStart >= thisWeek {
			capacity.Calendar = append(capacity.Calendar, w)
		}
	}
	slices.SortFunc(capacity.Calendar, func(a, b catalog.Week) int { return int(a.WeekStart - b.WeekStart) })
	err := fe.Err()
	if err == nil {
		_, err = p.vendorService().SetCapacity(c.Request.Context(), v.ID, capacity)
	}
	if err != nil {
		v.Capacity = capacity
		p.refuse(c, pg, v, "capacity", err)
		return
	}
	saved(c, v, "capacity")
}
