// Package mail is what Callmatch tells people: messages, their templates
// in English and Spanish (plain text and HTML), and the queue's contract.
// It imports no SMTP, SQL or River code: postgres queues a Message in the
// transaction of its cause, and a worker renders and sends it.
package mail

// Message is one email to one recipient. Its Cause says what caused it
// (e.g. "intake.confirmation:<intake id>"); a message is sent at least
// once and never queued twice for one (Cause, To): queueing it again is a
// no-op. To and Data may hold personal data (a campaign's address, its
// private link token): the queue stores them encrypted and never logs them.
type Message struct {
	Cause string
	To    string
	Lang  string // "en" or "es"; "" means "en"
	Kind  string // the template: templates/<kind>.<lang>.tmpl
	Data  map[string]string
}
