package frontend

import (
	"strconv"

	"callmatch/matching"
)

// heatMap is the board drawn as SVG: a row per language, a column per
// week, each cell coloured by the share of free seats wanted. Tight and
// short cells also carry a hatch pattern and a letter, so that colour is
// never the only cue; every cell has a <title> with its figures, and the
// table after the map holds the same numbers for screen readers.
type heatMap struct {
	Width, Height int
	Labels        []heatLabel // row names, left
	Months        []heatLabel // month names above the first week of each
	Cells         []heatCell
}

type heatLabel struct {
	X, Y int
	Text string
}

type heatCell struct {
	X, Y, W, H   int
	Fill         string
	Pattern      string // "tight" or "short": the hatch drawn over the fill
	Mark         string // "T" or "S"
	MarkX, MarkY int
	Title        string
}

// Geometry in SVG user units; the SVG scales to the page width and the
// wrapper scrolls it sideways on a phone.
const (
	hmLabelW = 110
	hmHeadH  = 26
	hmCellW  = 18
	hmCellH  = 26
	hmGap    = 4

	// A short season gets wider cells, up to hmMaxCellW, to fill a
	// desktop column; a long one scrolls sideways at hmCellW.
	hmTargetW  = 1100
	hmMaxCellW = 44
)

// Fills: pale for room, deeper as the market fills, amber when tight and
// red when short (the same in the legend of app.css).
func heatFill(c matching.BoardCell) string {
	switch c.Level {
	case matching.LevelIdle:
		return "#f1f3f4"
	case matching.LevelTight:
		return "#e9b949"
	case matching.LevelShort:
		return "#b3392c"
	}
	if c.Ratio() <= 0.4 {
		return "#cfe6e2"
	}
	return "#8fc5bd"
}

func newHeatMap(cp *capacityPage) heatMap {
	b := cp.Board
	cw := hmCellW
	if n := len(b.Weeks); n > 0 {
		cw = min(max((hmTargetW-hmLabelW)/n, hmCellW), hmMaxCellW)
	}
	m := heatMap{Width: hmLabelW + len(b.Weeks)*cw + 2, Height: hmHeadH + len(b.Rows)*(hmCellH+hmGap)}
	prevMonth := -1
	for k, w := range b.Weeks {
		t := w.Time()
		if int(t.Month()) != prevMonth {
			text := t.Format("Jan")
			if k == 0 || t.Month() == 1 {
				text += " " + strconv.Itoa(t.Year())
			}
			m.Months = append(m.Months, heatLabel{X: hmLabelW + k*cw, Y: hmHeadH - 8, Text: text})
			prevMonth = int(t.Month())
		}
	}
	for r, row := range b.Rows {
		y := hmHeadH + r*(hmCellH+hmGap)
		name := cp.rowName(row.Language)
		m.Labels = append(m.Labels, heatLabel{X: 0, Y: y + hmCellH/2 + 4, Text: name})
		for k, c := range row.Cells {
			x := hmLabelW + k*cw
			cell := heatCell{X: x, Y: y, W: cw - 2, H: hmCellH, Fill: heatFill(c),
				MarkX: x + (cw-2)/2, MarkY: y + hmCellH/2 + 4,
				Title: name + ", week of " + cp.Date(c.WeekStart) + ": " + cp.Figure(c)}
			if word := levelWord(c.Level); c.Level == matching.LevelTight || c.Level == matching.LevelShort {
				cell.Pattern, cell.Mark = c.Level, string(word[0]-'a'+'A')
				cell.Title += " — " + word
			}
			m.Cells = append(m.Cells, cell)
		}
	}
	return m
}
