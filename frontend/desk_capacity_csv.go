package frontend

import (
	"bytes"
	"encoding/csv"
	"mime"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"callmatch/matching"
)

// deskCapacityCSV exports the board's table: one line per week and
// language ("all" for every language together). Every value is a date, a
// code or a number, so no cell can be read as a spreadsheet formula.
func (p *pages) deskCapacityCSV(c *gin.Context) {
	pg := p.newStaffPage(c, "desk", "Peak-season board")
	b, err := p.capacityBoard(c.Request.Context())
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	body, err := boardCSV(b)
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	name := "capacity-" + b.Weeks[0].String() + ".csv"
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/csv; charset=utf-8", body)
}

func boardCSV(b *matching.Board) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"week_start", "language", "seats_wanted", "seats_free", "intakes", "level"})
	for k, week := range b.Weeks {
		for _, row := range b.Rows {
			cell := row.Cells[k]
			lang := cell.Language
			if lang == "" {
				lang = "all"
			}
			level := cell.Level
			if level == matching.LevelIdle {
				level = "idle"
			}
			_ = w.Write([]string{week.String(), lang, strconv.FormatFloat(cell.Wanted, 'f', 1, 64),
				strconv.FormatFloat(cell.Free, 'f', 1, 64), strconv.Itoa(cell.Intakes), level})
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
