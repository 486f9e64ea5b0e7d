package catalog

import "callmatch"

// CertExpired is how a verified certification whose term has ended reads.
// It is never stored: expiry is a matter of the day, not of a decision.
const CertExpired = "expired"

// StateOn is the certification's state as people should read it on day:
// a verified certification past its expiry date is expired, never
// "verified", whatever it was verified for.
func (c Certification) StateOn(day callmatch.Date) string {
	if c.Status == CertVerified && c.ExpiresOn < day {
		return CertExpired
	}
	return c.Status
}
