package api

import (
	"context"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// honeypotField is a form field people never see and bots fill in.
const honeypotField = "homepage"

// SubmitResponse answers a public submission. Token is the campaign's private
// link, shown once (and again on an idempotent retry within a day).
type SubmitResponse struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	Token     string `json:"token,omitempty"`
	StatusURL string `json:"status_url"`
}

// IntakeList is one page of the advisor queue.
type IntakeList struct {
	Intakes []IntakeSummary `json:"intakes"`
	Total   int             `json:"total"`
	Page    int             `json:"page"`
	PerPage int             `json:"per_page"`
}

// ShortlistRequest is the body of POST /intakes/{id}/shortlists.
type ShortlistRequest struct {
	Weights *matching.Weights `json:"weights,omitempty"`
	Method  string            `json:"method,omitempty"`
	Limit   int               `json:"limit,omitempty"`
}

func (r *ShortlistRequest) toOptions() intake.GenerateOptions {
	return intake.GenerateOptions{Weights: r.Weights, Method: r.Method, Limit: r.Limit}
}

// EngagementRequest records the campaign's choice of vendor: for the whole
// program, or, with Part, for the vendor's part of the intake's team plan.
type EngagementRequest struct {
	VendorID           string       `json:"vendor_id"`
	ContractValueCents int64        `json:"contract_value_cents"`
	Part               *PartRequest `json:"part,omitempty"`
}

// PartRequest names a part by the plan it belongs to: the plan POST
// /api/v1/intakes/{id}/plans answers for max_vendors, computed again when
// the engagement is recorded. The vendor's part of it is what is booked.
type PartRequest struct {
	MaxVendors int `json:"max_vendors"`
}

// EventRequest pins, drops, annotates or undoes on a shortlist.
type EventRequest struct {
	Type     string `json:"type"`
	VendorID string `json:"vendor_id,omitempty"`
	Reason   string `json:"reason"`
	// Undoes is, on an undo, the id of the pin or drop the client means
	// to take back: a retried undo is then refused instead of taking back
	// the one before it. Absent, the vendor's latest standing one goes.
	Undoes int64 `json:"undoes,omitempty"`
}

func (s *Server) submitIntake(c *gin.Context) {
	ctx := c.Request.Context()
	if err := intake.LimitSubmissions(ctx, s.limiter, s.intakeLimit, c.ClientIP(), s.now()); err != nil {
		fail(c, err)
		return
	}
	form, bot, err := readIntake(c)
	if err != nil {
		fail(c, err)
		return
	}
	if bot {
		// Answer like a success so the bot learns nothing; store nothing.
		c.JSON(http.StatusCreated, decoyResponse())
		return
	}
	rec, token, err := s.intakes.Submit(ctx, form, c.GetHeader("Idempotency-Key"))
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, SubmitResponse{ID: rec.ID, Status: rec.Status, Token: token, StatusURL: statusURL(rec.ID, token)})
}

// decoyResponse answers a bot exactly like a stored submission would, down
// to the id in the status URL being the id given.
func decoyResponse() SubmitResponse {
	id, token := intake.Decoy()
	return SubmitResponse{ID: id, Status: intake.StatusSubmitted, Token: token, StatusURL: statusURL(id, token)}
}

// statusURL is the campaign's private link to its status.
func statusURL(id, token string) string {
	u := "/api/v1/intakes/" + id
	if token != "" {
		u += "?token=" + url.QueryEscape(token)
	}
	return u
}

// readIntake reads a JSON or form-encoded consultation form and reports a
// filled honeypot.
func readIntake(c *gin.Context) (intake.Form, bool, error) {
	var form intake.Form
	if c.ContentType() == "application/x-www-form-urlencoded" {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxBody)
		if err := c.Request.ParseForm(); err != nil {
			return form, false, callmatch.Errorf(callmatch.ETOOLARGE, "The form could not be read or is larger than %d bytes.", maxBody)
		}
		if c.Request.PostForm.Get(honeypotField) != "" {
			return form, true, nil
		}
		form, err := intake.ParseValues(c.Request.PostForm)
		return form, false, err
	}
	var req IntakeRequest
	if err := decodeJSON(c, &req); err != nil {
		return form, false, err
	}
	return req.toForm(), false, nil
}

func (s *Server) listIntakes(c *gin.Context) {
	var fe callmatch.FieldErrors
	f := intake.Filter{Status: c.Query("status"), Sort: c.Query("sort"),
		Page: queryInt(c, "page", &fe), PerPage: queryInt(c, "per_page", &fe)}
	err := fe.Err()
	if err == nil {
		err = f.Validate() // fills in the page defaults the answer echoes
	}
	if err != nil {
		fail(c, err)
		return
	}
	list, total, err := s.intakes.List(c.Request.Context(), f)
	if err != nil {
		fail(c, err)
		return
	}
	out := IntakeList{Intakes: make([]IntakeSummary, len(list)), Total: total, Page: f.Page, PerPage: f.PerPage}
	for i, sum := range list {
		out.Intakes[i] = intakeSummary(sum)
	}
	c.JSON(http.StatusOK, out)
}

// getIntake serves staff the record and the campaign (with its private
// link token) its view. Anyone else, and a wrong token, gets 404.
func (s *Server) getIntake(c *gin.Context) {
	ctx := c.Request.Context()
	if callmatch.ActorFrom(ctx).IsStaff() {
		onObject(c, s.intakes.Get, intakeResponse)
		return
	}
	noReferrer(c)
	view, err := s.intakes.CampaignView(ctx, c.Param("id"), campaignToken(c))
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, view)
}

// campaignToken is the private link token from ?token= or a bearer header.
func campaignToken(c *gin.Context) string {
	if t := c.Query("token"); t != "" {
		return t
	}
	t, _ := bearerToken(c.Request)
	return t
}

// noReferrer keeps the private link out of Referer headers and caches.
func noReferrer(c *gin.Context) {
	c.Header("Referrer-Policy", "no-referrer")
	c.Header("Cache-Control", "no-store")
}

func (s *Server) withdrawIntake(c *gin.Context) {
	noReferrer(c)
	rec, err := s.intakes.Withdraw(c.Request.Context(), c.Param("id"), campaignToken(c))
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, StatusResponse{ID: rec.ID, Status: rec.Status})
}

// StatusResponse says where an intake stands after a change.
type StatusResponse struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

func (s *Server) intakeContact(c *gin.Context) {
	rec, err := s.intakes.Contact(c.Request.Context(), c.Param("id"))
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, contactOf(rec.Form.Contact))
}

func (s *Server) eraseIntake(c *gin.Context)  { onObject(c, s.intakes.Erase, intakeResponse) }
func (s *Server) reviewIntake(c *gin.Context) { onObject(c, s.intakes.Review, intakeResponse) }
func (s *Server) closeIntake(c *gin.Context)  { onObject(c, s.intakes.Close, intakeResponse) }

// onObject answers 200 with what do returns for the object whose id is in
// the path, in its wire form: the handler of every staff read or change
// without a body.
func onObject[T, R any](c *gin.Context, do func(ctx context.Context, id string) (T, error), wire func(T) R) {
	obj, err := do(c.Request.Context(), c.Param("id"))
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, wire(obj))
}
