package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
)

// VendorList is the body of GET /api/v1/vendors, also the catalog file the
// match CLI reads.
type VendorList struct {
	Vendors []Vendor `json:"vendors"`
	Total   int      `json:"total"`
	Page    int      `json:"page"`
	PerPage int      `json:"per_page"`
}

func (s *Server) listVendors(c *gin.Context) {
	f, err := vendorFilterFrom(c)
	if err != nil {
		fail(c, err)
		return
	}
	vs, total, err := s.catalog.FindVendors(c.Request.Context(), f)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, VendorList{Vendors: vendorsFrom(vs), Total: total, Page: f.Page, PerPage: f.PerPage})
}

func (s *Server) createVendor(c *gin.Context) {
	var req Vendor
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	v := req.toCatalog()
	if err := s.catalog.CreateVendor(c.Request.Context(), v); err != nil {
		fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/vendors/"+v.ID)
	c.JSON(http.StatusCreated, vendorFrom(v))
}

func (s *Server) getVendor(c *gin.Context) {
	v, err := s.catalog.FindVendorByID(c.Request.Context(), c.Param("id"))
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, vendorFrom(v))
}

func (s *Server) updateVendor(c *gin.Context) {
	var p VendorPatch
	if err := decodeJSON(c, &p); err != nil {
		fail(c, err)
		return
	}
	v, err := s.catalog.UpdateVendor(c.Request.Context(), c.Param("id"), p.toUpdate())
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, vendorFrom(v))
}

func (s *Server) setCapacity(c *gin.Context) {
	var capacity Capacity
	if err := decodeJSON(c, &capacity); err != nil {
		fail(c, err)
		return
	}
	v, err := s.catalog.SetCapacity(c.Request.Context(), c.Param("id"), capacity.toCatalog())
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, vendorFrom(v))
}

func (s *Server) addCertification(c *gin.Context) {
	var req CertificationRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	created, err := s.catalog.AddCertification(c.Request.Context(), c.Param("id"), req.toCatalog())
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, certificationFrom(*created))
}

func (s *Server) verifyCertification(c *gin.Context) {
	var d CertificationDecision
	if err := decodeJSON(c, &d); err != nil {
		fail(c, err)
		return
	}
	cert, _, err := s.catalog.DecideCertification(c.Request.Context(), c.Param("id"), d.toCatalog())
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, certificationFrom(*cert))
}

// vendorFilterFrom reads the list filters from the query string; a bad
// value is an error naming the parameter, never an empty result.
func vendorFilterFrom(c *gin.Context) (catalog.VendorFilter, error) {
	var fe callmatch.FieldErrors
	f := catalog.VendorFilter{
		Language: c.Query("language"), Service: c.Query("service"), State: c.Query("state"),
		Serves: c.Query("serves"), Certification: c.Query("certification"), Status: c.Query("status"),
		IssueArea: c.Query("issue_area"), Audience: c.Query("audience"),
	}
	f.UnionShop = queryBool(c, "union_shop", &fe)
	f.Onshore = queryBool(c, "onshore", &fe)
	f.Page = queryInt(c, "page", &fe)
	f.PerPage = queryInt(c, "per_page", &fe)
	if err := fe.Err(); err != nil {
		return f, err
	}
	return f, f.Validate() // for the defaults the answer echoes; the service checks again
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
