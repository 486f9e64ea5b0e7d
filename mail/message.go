// Package mail is what Callmatch tells people: messages, their templates
// in English and Spanish (plain text and HTML), and the queue's contract.
// It imports no SMTP, SQL or River code: postgres queues a Message in the
// transaction of its cause, and a worker renders and sends it.
package mail

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

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

// Language is the message's language, "en" unless Lang is "es".
func (m Message) Language() string {
	if m.Lang == "" {
		return "en"
	}
	return m.Lang
}

// Validate reports a message the queue cannot take: every field but Data
// is required, Lang is en or es, and Kind names a template file.
func (m Message) Validate() error {
	var problems []string
	if m.Cause == "" {
		problems = append(problems, "Cause is empty")
	}
	if !strings.Contains(m.To, "@") || strings.ContainsAny(m.To, " \r\n<>,") {
		problems = append(problems, "To is not one email address")
	}
	if l := m.Language(); l != "en" && l != "es" {
		problems = append(problems, fmt.Sprintf("Lang %q is not en or es", m.Lang))
	}
	if !kindPattern.MatchString(m.Kind) {
		problems = append(problems, fmt.Sprintf("Kind %q is not lower-case letters, digits, _ . -", m.Kind))
	}
	if len(problems) > 0 {
		return errors.New("mail: " + strings.Join(problems, "; "))
	}
	return nil
}

var kindPattern = regexp.MustCompile(`^[a-z0-9_.-]+$`)
