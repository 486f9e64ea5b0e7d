package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/account"
	"callmatch/catalog"
)

// VendorList is the body of GET /api/v1/vendors, also the catalog file the
// match CLI reads.
type VendorList struct {
	Vendors []*catalog.Vendor `json:"vendors"`
	Total   int               `json:"total"`
	Page    int               `json:"page"`
	PerPage int               `json:"per_page"`
}

// CertificationRequest is what a vendor submits; status is always pending
// until an advisor verifies it.
type CertificationRequest struct {
	Kind      string         `json:"kind"`
	IssuedOn  callmatch.Date `json:"issued_on"`
	ExpiresOn callmatch.Date `json:"expires_on"`
}

func (s *Server) listVendors(c *gin.Context) {
	ctx := c.Request.Context()
	f, err := vendorFilterFrom(c)
	if err != nil {
		fail(c, err)
		return
	}
	// A vendor user's list is its own vendor, nothing else.
	if a := callmatch.ActorFrom(ctx); !a.IsStaff() {
		f.VendorID = a.VendorID
	}
	vs, total, err := s.vendors.FindVendors(ctx, f)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, VendorList{Vendors: nonNil(vs), Total: total, Page: f.Page, PerPage: f.PerPage})
}

func (s *Server) createVendor(c *gin.Context) {
	ctx := c.Request.Context()
	if err := account.CanCreateVendor(callmatch.ActorFrom(ctx)); err != nil {
		fail(c, err)
		return
	}
	var v catalog.Vendor
	if err := decodeJSON(c, &v); err != nil {
		fail(c, err)
		return
	}
	if v.Slug == "" {
		v.Slug = catalog.Slugify(v.Name)
	}
	if v.Status == "" {
		v.Status = catalog.StatusDraft
	}
	v.ID = "" // the store assigns ids
	for i := range v.Certifications {
		v.Certifications[i].ID = ""
	}
	if err := s.vendors.CreateVendor(ctx, &v); err != nil {
		fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/vendors/"+v.ID)
	c.JSON(http.StatusCreated, &v)
}

func (s *Server) getVendor(c *gin.Context) {
	ctx := c.Request.Context()
	id := c.Param("id")
	if err := account.CanReadVendor(callmatch.ActorFrom(ctx), id); err != nil {
		fail(c, err)
		return
	}
	v, err := s.vendors.FindVendorByID(ctx, id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

func (s *Server) updateVendor(c *gin.Context) {
	ctx := c.Request.Context()
	id := c.Param("id")
	actor := callmatch.ActorFrom(ctx)
	if err := account.CanEditVendor(actor, id); err != nil {
		fail(c, err)
		return
	}
	var u catalog.VendorUpdate
	if err := decodeJSON(c, &u); err != nil {
		fail(c, err)
		return
	}
	if u.Status != nil {
		if err := account.CanSetVendorStatus(actor); err != nil {
			fail(c, err)
			return
		}
	}
	v, err := s.vendors.UpdateVendor(ctx, id, u)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

func (s *Server) setCapacity(c *gin.Context) {
	ctx := c.Request.Context()
	id := c.Param("id")
	if err := account.CanEditVendor(callmatch.ActorFrom(ctx), id); err != nil {
		fail(c, err)
		return
	}
	var capacity catalog.Capacity
	if err := decodeJSON(c, &capacity); err != nil {
		fail(c, err)
		return
	}
	v, err := s.vendors.SetCapacity(ctx, id, capacity)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

func (s *Server) addCertification(c *gin.Context) {
	ctx := c.Request.Context()
	id := c.Param("id")
	if err := account.CanEditVendor(callmatch.ActorFrom(ctx), id); err != nil {
		fail(c, err)
		return
	}
	var req CertificationRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	cert := catalog.Certification{Kind: req.Kind, Status: catalog.CertPending, IssuedOn: req.IssuedOn, ExpiresOn: req.ExpiresOn}
	if err := cert.Validate(); err != nil {
		fail(c, err)
		return
	}
	created, err := s.vendors.AddCertification(ctx, id, cert)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, created)
}

func (s *Server) verifyCertification(c *gin.Context) {
	ctx := c.Request.Context()
	if err := account.CanVerifyCertification(callmatch.ActorFrom(ctx)); err != nil {
		fail(c, err)
		return
	}
	var d catalog.CertificationDecision
	if err := decodeJSON(c, &d); err != nil {
		fail(c, err)
		return
	}
	if err := d.Validate(); err != nil {
		fail(c, err)
		return
	}
	cert, _, err := s.vendors.DecideCertification(ctx, c.Param("id"), d)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, cert)
}

// vendorFilterFrom reads the list filters from the query string; a bad
// value is an error naming the parameter, never an empty result.
func vendorFilterFrom(c *gin.Context) (catalog.VendorFilter, error) {
	var fe callmatch.FieldErrors
	f := catalog.VendorFilter{
		Language: c.Query("language"), Service: c.Query("service"), State: c.Query("state"),
		Serves: c.Query("serves"), Certification: c.Query("certification"), Status: c.Query("status"),
	}
	f.UnionShop = queryBool(c, "union_shop", &fe)
	f.Onshore = queryBool(c, "onshore", &fe)
	f.Page = queryInt(c, "page", &fe)
	f.PerPage = queryInt(c, "per_page", &fe)
	if err := fe.Err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

func queryBool(c *gin.Context, name string, fe *callmatch.FieldErrors) *bool {
	s, ok := c.GetQuery(name)
	if !ok || s == "" {
		return nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		fe.Add(name, "must be true or false")
		return nil
	}
	return &b
}

func queryInt(c *gin.Context, name string, fe *callmatch.FieldErrors) int {
	s, ok := c.GetQuery(name)
	if !ok || s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		fe.Add(name, "must be a whole number of 1 or more")
		return 0
	}
	return n
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
