package demo

// QuotePlan is one vendor invited to quote on a demo campaign and how it
// answered (issue 15). Like the engagements, the vendor is named by its
// place among the undropped candidates of the campaign's newest shortlist,
// since ids are known only once the engine has run.
type QuotePlan struct {
	Rank int
	// Answer is what the vendor did: AnswerNone leaves the invitation
	// open, AnswerExpire invites it with a deadline already past.
	Answer string
	// Over is the quote's total against the engine's projected cost for
	// the vendor: 0.06 is 6 % above, −0.1 is 10 % below.
	Over float64
	// Seats is the share of the seats the program needs that the quote
	// commits in every week and language (its tentative holds).
	Seats  float64
	Reason string // a decline's reason code
	Note   string
	// Release shows the quote on the campaign's status page.
	Release bool
}

// What a planned vendor does with its invitation.
const (
	AnswerNone    = ""
	AnswerQuote   = "quote"
	AnswerDecline = "decline"
	AnswerExpire  = "expire"
)

// QuoteDays is how long before the seed's clock the invitations were
// sent, and how long after it they are due (or, expired, were due).
const (
	QuoteDueDays     = 5
	QuoteExpiredDays = 2
	QuoteValidDays   = 45
)

// Quotes are the demo's invitations to quote by campaign key: on the
// featured Villarreal campaign a quote near the estimate that the advisor
// released (the campaign sees it and its seats are held on the board),
// one 30 % over the estimate (flagged on the desk), a decline and an
// invitation still open; on Measure K, still being shortlisted, a quote
// awaiting the advisor and an invitation that expired unanswered.
func Quotes() map[string][]QuotePlan {
	return map[string][]QuotePlan{
		"demo-2027-villarreal": {
			{Rank: 1, Answer: AnswerQuote, Over: 0.06, Seats: 1, Release: true,
				Note: "Price includes bilingual supervisors on every shift and daily dispositions by 9 a.m."},
			{Rank: 2, Answer: AnswerQuote, Over: 0.31, Seats: 0.8,
				Note: "We can add a second Spanish shift from Oct 18 if early voting needs it."},
			{Rank: 3, Answer: AnswerDecline, Reason: "no_capacity", Note: "Our Spanish floor is booked through Election Day."},
			{Rank: 4, Answer: AnswerNone},
		},
		"demo-2027-measure-k": {
			{Rank: 1, Answer: AnswerQuote, Over: -0.12, Seats: 1,
				Note: "Vietnamese callers from our San Jose site; recordings on request."},
			{Rank: 2, Answer: AnswerExpire},
		},
	}
}
