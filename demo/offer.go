package demo

import (
	"cmp"
	"math/bits"
	"slices"
	"strings"

	"callmatch/catalog"
)

// Positions of the codes the generator reasons about, looked up once so a
// reordering of the catalog lists cannot silently mislabel data.
var (
	svcGOTV        = catalog.Services.Index("gotv")
	svcPersuasion  = catalog.Services.Index("persuasion")
	svcVoterID     = catalog.Services.Index("voter_id")
	svcFundraising = catalog.Services.Index("fundraising")
	svcPolling     = catalog.Services.Index("polling")
	svcAdvocacy    = catalog.Services.Index("advocacy")
	svcVoterReg    = catalog.Services.Index("voter_registration")
	svcTownHall    = catalog.Services.Index("tele_town_hall")
	svcTexting     = catalog.Services.Index("p2p_texting")
	svcIVR         = catalog.Services.Index("ivr_broadcast")
	svcHotline     = catalog.Services.Index("inbound_hotline")

	modeManual      = catalog.DialingModes.Index("manual")
	modeClickToDial = catalog.DialingModes.Index("click_to_dial")
	modePreview     = catalog.DialingModes.Index("preview")
	modePredictive  = catalog.DialingModes.Index("predictive")
	modePrerecorded = catalog.DialingModes.Index("prerecorded")
	modeSMS         = catalog.DialingModes.Index("p2p_sms")
)

// rareLanguages are occasionally staffed anywhere, so that the catalog has a
// long tail beyond what the places table implies.
var rareLanguages = []string{"ru", "pt", "fr", "pl", "so", "am", "bn", "ur", "fa", "hy", "km", "ja",
	"it", "de", "uk", "el", "ko", "ar", "ht", "vi", "zh"}

// specialistClusters are the communities in-language shops organize
// around: languages campaigns need together and ordinary floors rarely
// staff. specialistPick weights them, Asian American outreach first.
var (
	specialistClusters = [][]string{
		{"vi", "zh", "ko", "tl"},
		{"es", "ht", "pt", "fr"},
		{"ar", "so", "am", "fa"},
		{"ru", "uk", "pl"},
		{"hi", "bn", "ur", "pa"},
	}
	specialistPick = []int{0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 4}
)

// languages gives every vendor English on every seat plus the languages its
// floors' cities make plausible, never more seats than the vendor has.
func (g *generator) languages(v *catalog.Vendor) (specialist bool) {
	r := g.r
	total := v.TotalSeats()
	g.langBuf = append(g.langBuf[:0], catalog.LanguageSeats{Code: "en", Seats: total})
	// In-language specialists (the shops that run Vietnamese or Haitian
	// Creole programs at scale) staff their cities' languages more often
	// and more deeply, and recruit callers for a few more wherever they are.
	depth, reach := 1.0, 1.0
	if specialist = r.IntN(100) < 15; specialist {
		depth, reach = 2.5, 2
		cluster := specialistClusters[specialistPick[r.IntN(len(specialistPick))]]
		off := r.IntN(len(cluster))
		for k := range 2 + r.IntN(len(cluster)-1) {
			g.addLang(cluster[(off+k)%len(cluster)], max(1, int(float64(total)*(0.05+0.2*r.Float64()))))
		}
	}
	for k, pl := range g.placeBuf {
		seats := v.Sites[k].Seats
		for _, lc := range pl.langs {
			if r.Float64() >= lc.p*reach {
				continue
			}
			share := min(lc.share*depth, 0.8)
			g.addLang(lc.code, max(1, int(float64(seats)*share*(0.4+0.6*r.Float64()))))
		}
	}
	if r.IntN(100) < 6 {
		g.addLang(rareLanguages[r.IntN(len(rareLanguages))], max(1, total*(1+r.IntN(5))/100))
	}
	// English first, then the biggest language programs, as a vendor lists them.
	slices.SortFunc(g.langBuf[1:], func(a, b catalog.LanguageSeats) int {
		return cmp.Or(b.Seats-a.Seats, strings.Compare(a.Code, b.Code))
	})
	v.Languages = g.mem.langs.take(len(g.langBuf))
	for k, ls := range g.langBuf {
		ls.Seats = min(ls.Seats, total)
		v.Languages[k] = ls
	}
	return specialist
}

func (g *generator) addLang(code string, seats int) {
	for k := range g.langBuf {
		if g.langBuf[k].Code == code {
			g.langBuf[k].Seats += seats
			return
		}
	}
	g.langBuf = append(g.langBuf, catalog.LanguageSeats{Code: code, Seats: seats})
}

// Archetypes are the kinds of shops the market actually has.
const (
	archFull = iota // live-call political shop
	archPolling
	archFundraising
	archTexting
	archIVR
	archAdvocacy // hotlines and issue advocacy
)

func pickArchetype(x int, offshore bool) int {
	switch {
	case x < 40:
		return archFull
	case x < 52:
		return archPolling
	case x < 65 && !offshore: // foreign nationals stay out of campaign fundraising
		return archFundraising
	case x < 65:
		return archFull
	case x < 77:
		return archTexting
	case x < 87:
		return archIVR
	default:
		return archAdvocacy
	}
}

func (g *generator) services(arch int, offshore bool) []string {
	r := g.r
	var f [16]bool
	maybe := func(idx, pct int) {
		if r.IntN(100) < pct {
			f[idx] = true
		}
	}
	switch arch {
	case archFull:
		f[svcGOTV], f[svcPersuasion], f[svcVoterID] = true, true, true
		maybe(svcAdvocacy, 50)
		maybe(svcVoterReg, 40)
		maybe(svcFundraising, 30)
		maybe(svcTownHall, 20)
		maybe(svcHotline, 30)
		maybe(svcPolling, 15)
		maybe(svcTexting, 25)
		maybe(svcIVR, 20)
	case archPolling:
		f[svcPolling], f[svcVoterID] = true, true
		maybe(svcAdvocacy, 20)
		maybe(svcIVR, 30)
		maybe(svcTexting, 15)
	case archFundraising:
		f[svcFundraising] = true
		maybe(svcHotline, 60)
		maybe(svcAdvocacy, 40)
		maybe(svcGOTV, 30)
	case archTexting:
		f[svcTexting] = true
		maybe(svcVoterReg, 50)
		maybe(svcGOTV, 40)
		maybe(svcPersuasion, 30)
	case archIVR:
		f[svcIVR], f[svcTownHall] = true, true
		maybe(svcPolling, 40)
		maybe(svcGOTV, 30)
	default:
		f[svcHotline], f[svcAdvocacy] = true, true
		maybe(svcVoterReg, 40)
		maybe(svcPersuasion, 30)
		maybe(svcTownHall, 20)
	}
	if offshore {
		f[svcFundraising] = false
	}
	return g.codes(catalog.Services, f[:len(catalog.Services)]...)
}

// dialingModes follow from the services: texting needs p2p_sms, IVR needs
// prerecorded, and every other service is live calling in at least one mode.
func (g *generator) dialingModes(services []string) []string {
	r := g.r
	var f [8]bool
	live := false
	for _, s := range services {
		switch s {
		case "p2p_texting":
			f[modeSMS] = true
		case "ivr_broadcast":
			f[modePrerecorded] = true
		default:
			live = true
		}
	}
	if live {
		f[modeManual] = r.IntN(100) < 50
		f[modeClickToDial] = r.IntN(100) < 65
		f[modePreview] = r.IntN(100) < 35
		f[modePredictive] = r.IntN(100) < 45
		if !f[modeManual] && !f[modeClickToDial] && !f[modePreview] && !f[modePredictive] {
			f[modeClickToDial] = true
		}
	}
	return g.codes(catalog.DialingModes, f[:len(catalog.DialingModes)]...)
}

// rates prices each service in the model the market uses for it. A few
// services go unpriced so that the no_rate_for_service knockout shows up.
func (g *generator) rates(services []string, level float64) []catalog.Rate {
	buf := g.mem.rates.take(len(services))
	n := 0
	for k, s := range services {
		if k > 0 && g.r.IntN(100) < 7 {
			continue
		}
		buf[n] = g.rate(s, level)
		n++
	}
	if n == 0 {
		return nil
	}
	return buf[:n:n]
}

func (g *generator) rate(service string, level float64) catalog.Rate {
	r := g.r
	jitter := func(spread int) int { return r.IntN(2*spread+1) - spread }
	hourly := func(extra int) catalog.Rate {
		c := clampRound(1800+int(level*2400)+extra+jitter(150), 1800, 4500, 25)
		return catalog.Rate{Service: service, Model: "per_agent_hour", AmountCents: c, MinimumCents: g.minimum(5, 30, 50_000)}
	}
	perContact := func(base, span, lo, hi int) catalog.Rate {
		c := clampRound(base+int(level*float64(span))+jitter(15), lo, hi, 5)
		return catalog.Rate{Service: service, Model: "per_contact", AmountCents: c, MinimumCents: g.minimum(5, 30, 50_000)}
	}
	switch service {
	case "p2p_texting":
		return catalog.Rate{Service: service, Model: "per_message", AmountCents: int64(4 + int(level*4.99)), MinimumCents: g.minimum(5, 30, 5_000)}
	case "ivr_broadcast":
		return catalog.Rate{Service: service, Model: "per_message", AmountCents: int64(2 + int(level*3.99)), MinimumCents: g.minimum(5, 30, 5_000)}
	case "polling":
		if r.IntN(100) < 70 {
			c := clampRound(300+int(level*1000)+jitter(100), 300, 1500, 25)
			return catalog.Rate{Service: service, Model: "per_complete", AmountCents: c, MinimumCents: g.minimum(10, 40, 50_000)}
		}
		return hourly(200)
	case "tele_town_hall":
		return perContact(60, 60, 60, 120)
	case "fundraising":
		if r.IntN(100) < 15 {
			return perContact(150, 100, 150, 250)
		}
		return hourly(400)
	case "inbound_hotline":
		return hourly(0)
	case "voter_id":
		if r.IntN(100) < 30 {
			return perContact(60, 150, 60, 250)
		}
		return hourly(-200)
	default:
		if r.IntN(100) < 30 {
			return perContact(60, 150, 60, 250)
		}
		return hourly(0)
	}
}

// minimum is a program minimum of lo..hi steps, or none for one vendor in ten.
func (g *generator) minimum(lo, hi int, step int64) int64 {
	if g.r.IntN(100) < 10 {
		return 0
	}
	return int64(lo+g.r.IntN(hi-lo+1)) * step
}

func clampRound(c, lo, hi, step int) int64 {
	c = min(max(c, lo), hi)
	return int64((c + step/2) / step * step)
}

// stateExperience is every US state the vendor has a floor in plus states it
// ran programs in; partisan shops tend to have run many.
func (g *generator) stateExperience(sites []catalog.Site, side int) []string {
	r := g.r
	var mask uint64
	for _, s := range sites {
		if s.Country == "US" {
			mask |= 1 << catalog.States.Index(s.Region)
		}
	}
	extra := r.IntN(7)
	if side == sideDemocratic || side == sideRepublican {
		extra = 2 + r.IntN(13)
	}
	if mask == 0 {
		extra = max(extra, 1)
	}
	for range extra {
		mask |= 1 << r.IntN(len(catalog.States))
	}
	out := g.mem.strs.take(bits.OnesCount64(mask))
	n := 0
	for k, st := range catalog.States {
		if mask&(1<<k) != 0 {
			out[n] = st
			n++
		}
	}
	return out
}
