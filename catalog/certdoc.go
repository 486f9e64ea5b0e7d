package catalog

import (
	"time"

	"callmatch"
)

// MaxCertificationDocument is the largest evidence file a vendor may upload
// for a certification: an audit report is a few megabytes, and the bytes
// live in PostgreSQL, where a bound keeps rows and backups reasonable.
const MaxCertificationDocument = 10 << 20

// CertificationDocument is the PDF a vendor uploads as evidence for a
// certification, for the advisor who verifies it. Only PDFs are kept: the
// content is sniffed, never trusted from the browser's content type.
type CertificationDocument struct {
	CertificationID string
	Filename        string
	ContentType     string // always application/pdf
	Size            int
	SHA256          []byte
	Data            []byte // nil when only the description was read
	UploadedAt      time.Time
}

// PendingCertification is one entry of the advisors' verification queue.
type PendingCertification struct {
	Certification
	VendorID    string
	VendorName  string
	SubmittedAt time.Time
	Document    *CertificationDocument // description only, no Data; nil without one
}

// Validate checks an upload's size and sniffed type.
func (d *CertificationDocument) Validate() error {
	var fe callmatch.FieldErrors
	switch {
	case d.Size <= 0 || len(d.Data) == 0:
		fe.Add("document", "is required: upload the certificate or audit report as a PDF")
	case d.Size > MaxCertificationDocument || len(d.Data) > MaxCertificationDocument:
		fe.Addf("document", "must be at most %d MB", MaxCertificationDocument>>20)
	case d.ContentType != "application/pdf":
		fe.Add("document", "must be a PDF file")
	}
	if len(d.Filename) > 255 {
		fe.Add("document", "must have a file name of at most 255 characters")
	}
	return fe.Err()
}
