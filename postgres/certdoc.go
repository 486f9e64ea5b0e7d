package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"gorm.io/gorm"

	"callmatch/catalog"
)

// certDocRow is the certification_documents table.
type certDocRow struct {
	CertificationID string `gorm:"primaryKey"`
	Filename        string
	ContentType     string
	SizeBytes       int
	SHA256          []byte `gorm:"column:sha256"`
	Data            []byte
	UploadedAt      time.Time
}

func (certDocRow) TableName() string { return "certification_documents" }

func (r certDocRow) toDocument() *catalog.CertificationDocument {
	return &catalog.CertificationDocument{
		CertificationID: r.CertificationID, Filename: r.Filename, ContentType: r.ContentType,
		Size: r.SizeBytes, SHA256: r.SHA256, Data: r.Data, UploadedAt: r.UploadedAt,
	}
}

// auditedDocument is what the audit log keeps of an upload: which file,
// never its bytes.
type auditedDocument struct {
	Filename string `json:"filename"`
	Size     int    `json:"size_bytes"`
	SHA256   string `json:"sha256"`
}

// AddCertificationWithDocument stores a submitted certification and its
// evidence in one transaction, so that the verification queue never shows
// a certification whose upload was lost halfway.
func (s *VendorStore) AddCertificationWithDocument(ctx context.Context, vendorID string, c catalog.Certification, doc catalog.CertificationDocument) (*catalog.Certification, error) {
	sum := sha256.Sum256(doc.Data)
	doc.Size, doc.SHA256 = len(doc.Data), sum[:]
	if err := doc.Validate(); err != nil {
		return nil, err
	}
	return s.addCertification(ctx, vendorID, c, &doc)
}

// insertDocument stores the evidence of certification certID and returns
// what the audit log keeps of the two: the certification and the file's
// description, never its bytes.
func insertDocument(tx *gorm.DB, certID string, doc catalog.CertificationDocument, now time.Time, cert auditedCertification) (any, error) {
	drow := certDocRow{CertificationID: certID, Filename: doc.Filename, ContentType: doc.ContentType,
		SizeBytes: doc.Size, SHA256: doc.SHA256, Data: doc.Data, UploadedAt: now}
	if err := tx.Create(&drow).Error; err != nil {
		return nil, err
	}
	return struct {
		auditedCertification
		Document auditedDocument `json:"document"`
	}{cert, auditedDocument{Filename: doc.Filename, Size: doc.Size, SHA256: hex.EncodeToString(doc.SHA256)}}, nil
}

// FindCertificationDocument returns the evidence uploaded for a
// certification, bytes included, with the vendor it belongs to so that the
// caller can check who may read it.
func (s *VendorStore) FindCertificationDocument(ctx context.Context, certID string) (*catalog.CertificationDocument, string, error) {
	vendorID, err := s.FindCertificationVendorID(ctx, certID)
	if err != nil {
		return nil, "", err
	}
	var row certDocRow
	err = s.db.gorm.WithContext(ctx).Where("certification_id = ?", certID).Take(&row).Error
	if isNotFound(err) {
		return nil, "", certificationNotFound(certID)
	}
	if err != nil {
		return nil, "", translate("find certification document", err)
	}
	return row.toDocument(), vendorID, nil
}

// pendingRow is one row of the verification queue query.
type pendingRow struct {
	ID, VendorID, Kind, Status, Reason, VendorName string
	IssuedOn                                       *time.Time
	ExpiresOn, CreatedAt                           time.Time
	DocName                                        *string
	DocSize                                        *int
	DocAt                                          *time.Time
}

// FindPendingCertifications lists every certification awaiting a verdict,
// oldest submission first (first come, first verified), with its vendor's
// name and a description of its evidence.
func (s *VendorStore) FindPendingCertifications(ctx context.Context) ([]catalog.PendingCertification, error) {
	var rows []pendingRow
	err := s.db.gorm.WithContext(ctx).Raw(`
		SELECT c.id, c.vendor_id, c.kind, c.status, c.reason, c.issued_on, c.expires_on, c.created_at, v.name AS vendor_name, d.filename AS doc_name, d.size_bytes AS doc_size, d.uploaded_at AS doc_at
		FROM certifications c
		JOIN vendors v ON v.id = c.vendor_id
		LEFT JOIN certification_documents d ON d.certification_id = c.id
		WHERE c.status = 'pending'
		ORDER BY c.seq`).Scan(&rows).Error
	if err != nil {
		return nil, translate("find pending certifications", err)
	}
	out := make([]catalog.PendingCertification, len(rows))
	for i, r := range rows {
		cert := certificationRow{ID: r.ID, Kind: r.Kind, Status: r.Status, Reason: r.Reason,
			IssuedOn: r.IssuedOn, ExpiresOn: r.ExpiresOn}
		out[i] = catalog.PendingCertification{Certification: cert.toCertification(), VendorID: r.VendorID,
			VendorName: r.VendorName, SubmittedAt: r.CreatedAt}
		if r.DocName != nil {
			out[i].Document = &catalog.CertificationDocument{CertificationID: r.ID, Filename: *r.DocName,
				ContentType: "application/pdf", Size: *r.DocSize, UploadedAt: *r.DocAt}
		}
	}
	return out, nil
}

// CertificationDocumentsFor describes (without bytes) the evidence of each
// of a vendor's certifications, by certification id.
func (s *VendorStore) CertificationDocumentsFor(ctx context.Context, vendorID string) (map[string]*catalog.CertificationDocument, error) {
	out := map[string]*catalog.CertificationDocument{}
	if !validID(vendorID) {
		return out, nil
	}
	var rows []certDocRow
	err := s.db.gorm.WithContext(ctx).
		Select("d.certification_id, d.filename, d.content_type, d.size_bytes, d.sha256, d.uploaded_at").
		Table("certification_documents d").Joins("JOIN certifications c ON c.id = d.certification_id").
		Where("c.vendor_id = ?", vendorID).Scan(&rows).Error
	if err != nil {
		return nil, translate("find certification documents", err)
	}
	for _, r := range rows {
		out[r.CertificationID] = r.toDocument()
	}
	return out, nil
}
