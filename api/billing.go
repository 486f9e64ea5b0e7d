package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/account"
	"callmatch/billing"
)

// InvoiceList is one page of invoices, newest first.
type InvoiceList struct {
	Invoices []*billing.Invoice `json:"invoices"`
	Total    int                `json:"total"`
	Page     int                `json:"page"`
	PerPage  int                `json:"per_page"`
}

// FeeTermsRequest sets a vendor's referral fee terms. rate_bps is
// required; minimum_cents defaults to 0 and cap_cents to no cap (null).
type FeeTermsRequest struct {
	RateBPS      *int   `json:"rate_bps"`
	MinimumCents int64  `json:"minimum_cents"`
	CapCents     *int64 `json:"cap_cents"`
}

// errBillingOff answers billing routes on a server built without billing.
var errBillingOff = callmatch.Errorf(callmatch.EUNAVAILABLE, "Billing is not available.")

// listInvoices: staff see every vendor's invoices (and may filter by
// vendor_id); a vendor user sees its own, whatever it asks for.
func (s *Server) listInvoices(c *gin.Context) {
	ctx := c.Request.Context()
	own, err := account.CanListInvoices(callmatch.ActorFrom(ctx))
	if err != nil {
		fail(c, err)
		return
	}
	if s.billing == nil {
		fail(c, errBillingOff)
		return
	}
	var fe callmatch.FieldErrors
	f := billing.InvoiceFilter{VendorID: c.Query("vendor_id"), Status: billing.Status(c.Query("status")),
		Page: queryInt(c, "page", &fe), PerPage: queryInt(c, "per_page", &fe)}
	if own != "" {
		f.VendorID = own
	}
	err = fe.Err()
	if err == nil {
		err = f.Validate() // fills in the page defaults the answer echoes
	}
	if err != nil {
		fail(c, err)
		return
	}
	list, total, err := s.billing.Invoices(ctx, f)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, InvoiceList{Invoices: nonNil(list), Total: total, Page: f.Page, PerPage: f.PerPage})
}

// canManageFees answers the fee-terms routes for an actor who may not
// manage fees, or on a server without billing, and says whether to go on.
func (s *Server) canManageFees(c *gin.Context) bool {
	err := account.CanManageFees(callmatch.ActorFrom(c.Request.Context()))
	if err == nil && s.billing == nil {
		err = errBillingOff
	}
	if err != nil {
		fail(c, err)
		return false
	}
	return true
}

func (s *Server) getFeeTerms(c *gin.Context) {
	ctx := c.Request.Context()
	if !s.canManageFees(c) {
		return
	}
	t, err := s.billing.FeeTerms(ctx, c.Param("id"))
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, t)
}

func (s *Server) setFeeTerms(c *gin.Context) {
	ctx := c.Request.Context()
	if !s.canManageFees(c) {
		return
	}
	var req FeeTermsRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	if req.RateBPS == nil {
		fail(c, &callmatch.Error{Code: callmatch.EINVALID, Message: "Some fields are not valid.",
			Fields: map[string]string{"rate_bps": "is required (basis points: 500 is 5%)"}})
		return
	}
	t, err := s.billing.SetFeeTerms(ctx, c.Param("id"),
		billing.Terms{RateBPS: *req.RateBPS, MinimumCents: req.MinimumCents, CapCents: req.CapCents})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, t)
}
