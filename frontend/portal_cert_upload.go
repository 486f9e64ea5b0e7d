package frontend

import (
	"errors"
	"io"
	"net/http"
	"path/filepath"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
)

// uploadOverhead is room for the other fields and multipart framing.
const uploadOverhead = 64 << 10

// portalCertUpload takes a certification with its evidence (a PDF of at
// most 10 MB). The type is sniffed from the bytes, never taken from the
// browser's word, and the certification waits for an advisor as pending.
func (p *pages) portalCertUpload(c *gin.Context) {
	ctx := c.Request.Context()
	pg := p.newStaffPage(c, "portal", "Your profile")
	v, err := p.catalog.FindVendorByID(ctx, callmatch.ActorFrom(ctx).VendorID)
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, catalog.MaxCertificationDocument+uploadOverhead)
	cert, doc, err := readUpload(c)
	if err == nil {
		_, err = p.catalog.AddCertificationWithDocument(ctx, v.ID, cert, doc)
	}
	if err != nil {
		p.refuse(c, pg, v, "certifications", err)
		return
	}
	seeOther(c, "/portal?done=uploaded&at=certifications#certifications")
}

func readUpload(c *gin.Context) (catalog.Certification, catalog.CertificationDocument, error) {
	var cert catalog.Certification
	var doc catalog.CertificationDocument
	tooLarge := callmatch.Errorf(callmatch.ETOOLARGE, "The file is larger than %d MB; upload a smaller PDF.", catalog.MaxCertificationDocument>>20)
	if err := c.Request.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return cert, doc, tooLarge
		}
		return cert, doc, callmatch.Errorf(callmatch.EINVALID, "The upload could not be read; choose the file again.")
	}
	var fe callmatch.FieldErrors
	cert = catalog.Certification{Kind: c.PostForm("kind"), Status: catalog.CertPending}
	for field, d := range map[string]*callmatch.Date{"issued_on": &cert.IssuedOn, "expires_on": &cert.ExpiresOn} {
		if err := d.UnmarshalText([]byte(c.PostForm(field))); err != nil {
			fe.Add(field, "must be a date")
		}
	}
	f, hdr, err := c.Request.FormFile("document")
	if err != nil {
		fe.Add("document", "is required: choose the certificate or audit report as a PDF")
		return cert, doc, fe.Err()
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, catalog.MaxCertificationDocument+1))
	if err != nil {
		return cert, doc, callmatch.Errorf(callmatch.EINVALID, "The upload could not be read; choose the file again.")
	}
	if len(data) > catalog.MaxCertificationDocument {
		return cert, doc, tooLarge
	}
	doc = catalog.CertificationDocument{Filename: filepath.Base(hdr.Filename), Data: data, Size: len(data),
		ContentType: http.DetectContentType(data)}
	return cert, doc, fe.Err() // the service checks the rest
}
