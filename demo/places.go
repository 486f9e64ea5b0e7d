package demo

// place is a city a call floor can sit in. langs are the languages a floor
// there plausibly staffs beyond English, so that Spanish seats cluster in the
// Southwest and Florida, Vietnamese in Orange County and Houston, Arabic
// around Dearborn, Haitian Creole in Miami and Boston, Tagalog in Manila.
type place struct {
	country, region, city, tz string
	langs                     []langChance
}

// langChance says how likely a floor in a place staffs a language (p) and
// at most which share of its seats speak it (share).
type langChance struct {
	code     string
	p, share float64
}

func l(code string, p, share float64) langChance { return langChance{code, p, share} }

func us(region, city, tz string, langs ...langChance) place {
	return place{"US", region, city, tz, langs}
}

const (
	eastern  = "America/New_York"
	central  = "America/Chicago"
	mountain = "America/Denver"
	pacific  = "America/Los_Angeles"
)

// usPlaces covers all 50 states and DC so that state filters and state
// experience always find someone.
var usPlaces = []place{
	us("TX", "Austin", central, l("es", .7, .4), l("vi", .15, .05)),
	us("TX", "Houston", central, l("es", .8, .45), l("vi", .35, .1), l("zh", .15, .05), l("ar", .1, .05)),
	us("TX", "San Antonio", central, l("es", .85, .5)),
	us("TX", "El Paso", mountain, l("es", .95, .6)),
	us("TX", "Dallas", central, l("es", .6, .3), l("vi", .15, .05), l("ko", .1, .05)),
	us("AZ", "Phoenix", "America/Phoenix", l("es", .7, .35)),
	us("AZ", "Tucson", "America/Phoenix", l("es", .6, .3)),
	us("NM", "Albuquerque", mountain, l("es", .7, .35)),
	us("NV", "Las Vegas", pacific, l("es", .6, .3), l("tl", .35, .1)),
	us("NV", "Reno", pacific, l("es", .3, .15)),
	us("CA", "Los Angeles", pacific, l("es", .85, .4), l("ko", .35, .1), l("zh", .3, .1), l("tl", .3, .1), l("hy", .15, .05), l("vi", .15, .05)),
	us("CA", "San Diego", pacific, l("es", .75, .35), l("tl", .3, .1), l("vi", .15, .05)),
	us("CA", "Sacramento", pacific, l("es", .5, .25), l("zh", .15, .05), l("ru", .1, .05), l("vi", .1, .05)),
	us("CA", "Fresno", pacific, l("es", .7, .4), l("pa", .1, .05)),
	us("CA", "San Jose", pacific, l("vi", .45, .15), l("zh", .35, .1), l("es", .5, .2), l("tl", .2, .05)),
	us("CA", "Oakland", pacific, l("zh", .3, .1), l("es", .4, .2)),
	us("CA", "Garden Grove", pacific, l("vi", .7, .3), l("ko", .3, .1), l("es", .5, .2)),
	us("CO", "Denver", mountain, l("es", .5, .2)),
	us("UT", "Salt Lake City", mountain, l("es", .3, .1)),
	us("ID", "Boise", "America/Boise", l("es", .2, .1)),
	us("WA", "Seattle", pacific, l("vi", .2, .05), l("zh", .2, .05), l("ko", .15, .05), l("so", .05, .03)),
	us("WA", "Spokane", pacific, l("ru", .1, .05)),
	us("OR", "Portland", pacific, l("es", .3, .1), l("vi", .15, .05), l("ru", .1, .05)),
	us("FL", "Miami", eastern, l("es", .95, .6), l("ht", .45, .15), l("pt", .15, .05)),
	us("FL", "Orlando", eastern, l("es", .7, .35), l("ht", .2, .05), l("pt", .1, .05)),
	us("FL", "Tampa", eastern, l("es", .5, .25)),
	us("FL", "Jacksonville", eastern, l("es", .2, .1)),
	us("GA", "Atlanta", eastern, l("es", .3, .1), l("ko", .2, .05), l("vi", .1, .05)),
	us("GA", "Savannah", eastern),
	us("NC", "Charlotte", eastern, l("es", .3, .1)),
	us("NC", "Raleigh", eastern, l("es", .2, .1)),
	us("SC", "Columbia", eastern),
	us("TN", "Nashville", central, l("es", .2, .1), l("ar", .1, .05)),
	us("TN", "Memphis", central),
	us("AL", "Birmingham", central),
	us("MS", "Jackson", central),
	us("LA", "New Orleans", central, l("es", .2, .1), l("vi", .2, .05), l("fr", .1, .05)),
	us("LA", "Baton Rouge", central),
	us("AR", "Little Rock", central),
	us("OK", "Oklahoma City", central, l("es", .2, .1), l("vi", .1, .05)),
	us("KS", "Wichita", central, l("es", .2, .1)),
	us("NE", "Omaha", central, l("es", .2, .1)),
	us("IA", "Des Moines", central, l("es", .15, .05)),
	us("MO", "Kansas City", central, l("es", .2, .1)),
	us("MO", "St. Louis", central),
	us("IL", "Chicago", central, l("es", .7, .3), l("pl", .2, .05), l("ar", .15, .05), l("zh", .15, .05), l("ko", .1, .03), l("tl", .1, .03)),
	us("WI", "Milwaukee", central, l("es", .35, .15)),
	us("WI", "Madison", central),
	us("MN", "Minneapolis", central, l("so", .3, .1), l("es", .3, .1), l("vi", .05, .03)),
	us("MI", "Detroit", "America/Detroit", l("ar", .3, .1), l("es", .25, .1)),
	us("MI", "Dearborn", "America/Detroit", l("ar", .85, .4)),
	us("MI", "Grand Rapids", "America/Detroit", l("es", .2, .1)),
	us("IN", "Indianapolis", "America/Indiana/Indianapolis", l("es", .2, .1)),
	us("OH", "Columbus", eastern, l("so", .15, .05), l("es", .15, .05)),
	us("OH", "Cleveland", eastern, l("es", .2, .1)),
	us("OH", "Cincinnati", eastern),
	us("KY", "Louisville", "America/Kentucky/Louisville", l("es", .1, .05)),
	us("KY", "Lexington", eastern),
	us("PA", "Pittsburgh", eastern),
	us("PA", "Philadelphia", eastern, l("es", .45, .2), l("zh", .15, .05), l("vi", .15, .05), l("ht", .1, .03), l("ru", .1, .03)),
	us("PA", "Harrisburg", eastern, l("es", .2, .1)),
	us("PA", "Allentown", eastern, l("es", .5, .25)),
	us("NY", "New York", eastern, l("es", .8, .35), l("zh", .5, .15), l("ko", .25, .05), l("ht", .3, .1), l("ru", .3, .1), l("ar", .15, .05), l("bn", .15, .05), l("fr", .1, .03)),
	us("NY", "Buffalo", eastern, l("ar", .1, .05)),
	us("NY", "Albany", eastern),
	us("NJ", "Newark", eastern, l("es", .7, .3), l("pt", .3, .1), l("ht", .15, .05)),
	us("NJ", "Jersey City", eastern, l("es", .5, .2), l("ar", .2, .05), l("tl", .2, .05), l("hi", .15, .05)),
	us("NJ", "Trenton", eastern, l("es", .3, .1)),
	us("MA", "Boston", eastern, l("es", .4, .15), l("ht", .3, .1), l("pt", .3, .1), l("zh", .2, .05), l("vi", .15, .05)),
	us("MA", "Worcester", eastern, l("es", .2, .1), l("pt", .1, .05)),
	us("RI", "Providence", eastern, l("es", .45, .2), l("pt", .3, .1)),
	us("CT", "Hartford", eastern, l("es", .5, .25)),
	us("NH", "Manchester", eastern),
	us("ME", "Portland", eastern, l("fr", .1, .05)),
	us("VT", "Burlington", eastern),
	us("MD", "Baltimore", eastern, l("es", .2, .1)),
	us("MD", "Silver Spring", eastern, l("es", .4, .15), l("am", .2, .05), l("ko", .1, .05), l("vi", .1, .05)),
	us("DC", "Washington", eastern, l("es", .4, .15), l("am", .15, .05), l("fr", .1, .03)),
	us("VA", "Richmond", eastern, l("es", .2, .1)),
	us("VA", "Arlington", eastern, l("es", .45, .2), l("ko", .2, .05), l("vi", .2, .05), l("ar", .15, .05), l("zh", .15, .05), l("am", .1, .03)),
	us("VA", "Norfolk", eastern, l("tl", .15, .05)),
	us("WV", "Charleston", eastern),
	us("DE", "Wilmington", eastern, l("es", .15, .05)),
	us("MT", "Billings", mountain),
	us("ND", "Fargo", central),
	us("SD", "Sioux Falls", central),
	us("WY", "Cheyenne", mountain),
	us("AK", "Anchorage", "America/Anchorage", l("tl", .2, .1)),
	us("HI", "Honolulu", "Pacific/Honolulu", l("tl", .6, .25), l("ja", .2, .05), l("ko", .15, .05), l("zh", .15, .05)),
}

// offshorePlaces are the nearshore and offshore hubs US campaigns actually
// meet: Spanish floors in Mexico and the Dominican Republic, English and
// Tagalog in the Philippines, English in Jamaica and India.
var offshorePlaces = []place{
	{"PH", "Metro Manila", "Manila", "Asia/Manila", []langChance{l("tl", .95, .6)}},
	{"PH", "Cebu", "Cebu City", "Asia/Manila", []langChance{l("tl", .9, .5)}},
	{"PH", "Davao del Sur", "Davao City", "Asia/Manila", []langChance{l("tl", .8, .4)}},
	{"MX", "Baja California", "Tijuana", "America/Tijuana", []langChance{l("es", 1, .9)}},
	{"MX", "Nuevo León", "Monterrey", "America/Monterrey", []langChance{l("es", 1, .9)}},
	{"MX", "Jalisco", "Guadalajara", "America/Mexico_City", []langChance{l("es", 1, .9)}},
	{"MX", "Sonora", "Hermosillo", "America/Hermosillo", []langChance{l("es", 1, .9)}},
	{"DO", "Distrito Nacional", "Santo Domingo", "America/Santo_Domingo", []langChance{l("es", 1, .9), l("ht", .15, .05)}},
	{"DO", "Santiago", "Santiago de los Caballeros", "America/Santo_Domingo", []langChance{l("es", 1, .9)}},
	{"IN", "Karnataka", "Bengaluru", "Asia/Kolkata", []langChance{l("hi", .7, .3)}},
	{"IN", "Maharashtra", "Pune", "Asia/Kolkata", []langChance{l("hi", .6, .3)}},
	{"IN", "Haryana", "Gurugram", "Asia/Kolkata", []langChance{l("hi", .8, .3), l("pa", .2, .05)}},
	{"JM", "Kingston", "Kingston", "America/Jamaica", nil},
	{"JM", "St. James", "Montego Bay", "America/Jamaica", nil},
}
