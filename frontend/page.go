package frontend

import (
	"time"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
)

// Page is what the layout needs; every page struct embeds it.
type Page struct {
	Title   string
	Lang    string
	Section string // campaign, desk or portal: picks the navigation
	Actor   callmatch.Actor
	// Langs is the language switch; only campaign pages have one, since
	// advisors and vendors work in English.
	Langs  []LangLink
	Notice string // a one-line confirmation after a successful post
	// Today is the app clock's day, on which pages judge what lapses
	// (an expired certification reads "expired", never "verified").
	Today callmatch.Date
	msgs  *messages
}

// T translates a catalog key into the page's language.
func (pg *Page) T(key string, args ...any) string { return pg.msgs.T(key, args...) }

// Date formats a day for people in the page's language: "Oct 12, 2026" or
// "12 oct 2026".
func (pg *Page) Date(d callmatch.Date) string {
	if d.IsZero() {
		return "—"
	}
	t := d.Time()
	month := pg.T("month." + t.Format("1"))
	if pg.Lang == "es" {
		return t.Format("2") + " " + month + " " + t.Format("2006")
	}
	return month + " " + t.Format("2") + ", " + t.Format("2006")
}

// Day formats the calendar day of a timestamp, in UTC: timestamps here are
// submission and sharing times, where the day is what people recognise.
func (pg *Page) Day(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return pg.Date(callmatch.DateOf(t.UTC()))
}

// Service names a service code in the page's language.
func (pg *Page) Service(code string) string { return pg.T("service." + code) }

// Language names a language code; the catalog knows the common ones.
func (pg *Page) Language(code string) string {
	if pg.msgs.Has("lang." + code) {
		return pg.T("lang." + code)
	}
	return catalog.LanguageName(code)
}

// Status names an intake status in the page's language.
func (pg *Page) Status(s string) string { return pg.T("status." + s) }

// newPage starts a campaign page: the visitor's language and a switch.
func (p *pages) newPage(c *gin.Context, titleKey string) *Page {
	lang := language(c)
	pg := &Page{Lang: lang, Section: "campaign", msgs: p.i18n[lang], Actor: callmatch.ActorFrom(c.Request.Context()), Today: callmatch.DateOf(p.Now())}
	pg.Langs = langLinks(c, lang)
	pg.Title = pg.T(titleKey)
	return pg
}

// newStaffPage starts a desk or portal page, in English.
func (p *pages) newStaffPage(c *gin.Context, section, title string) *Page {
	return &Page{Lang: "en", Section: section, msgs: p.i18n["en"], Title: title,
		Actor: callmatch.ActorFrom(c.Request.Context()), Notice: notice(c), Today: callmatch.DateOf(p.Now())}
}

// notices are the confirmations a redirect after a post may ask for with
// ?done=…; only these fixed texts can appear, never text from the URL.
var notices = map[string]string{
	"saved":     "Saved.",
	"shortlist": "Shortlist saved as a new version.",
	"event":     "Recorded on the shortlist.",
	"shared":    "Shared with the campaign. They see it on their status page now.",
	"engaged":   "Engagement recorded.",
	"reviewed":  "Marked as in review.",
	"closed":    "Intake closed.",
	"erased":    "The campaign's personal data is erased.",
	"decided":   "Decision recorded.",
	"uploaded":  "Uploaded. An advisor will verify it.",
	"invited":   "Invited. Each vendor is mailed and sees the program in its portal.",
	"released":  "Released. The campaign sees the quotes on its status page and is mailed.",
	"quoted":    "Quote sent. The advisor is mailed.",
	"declined":  "Declined. The advisor is mailed.",
}

func notice(c *gin.Context) string { return notices[c.Query("done")] }
