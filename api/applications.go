package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"callmatch/catalog"
	"callmatch/intake"
)

// ApplicationRequest is the body of POST /api/v1/vendor-applications.
// Homepage is the decoy field people never see: a bot filling it in gets
// a 201 and nothing is stored.
type ApplicationRequest struct {
	Company     string   `json:"company"`
	ContactName string   `json:"contact_name"`
	Email       string   `json:"email"`
	Phone       string   `json:"phone"`
	Website     string   `json:"website"`
	Services    []string `json:"services"`
	Languages   []string `json:"languages"`
	States      []string `json:"states"`
	Seats       int      `json:"seats"`
	Lang        string   `json:"lang"`
	Homepage    string   `json:"homepage"`
}

// ApplicationSubmitted is the public answer: no data echoed back.
type ApplicationSubmitted struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

// ApplicationInfo is an application as staff see it.
type ApplicationInfo struct {
	ID          string    `json:"id"`
	Company     string    `json:"company"`
	ContactName string    `json:"contact_name"`
	Email       string    `json:"email"`
	Phone       string    `json:"phone"`
	Website     string    `json:"website"`
	Services    []string  `json:"services"`
	Languages   []string  `json:"languages"`
	States      []string  `json:"states"`
	Seats       int       `json:"seats"`
	Lang        string    `json:"lang"`
	Status      string    `json:"status"`
	Reason      string    `json:"reason,omitempty"`
	VendorID    string    `json:"vendor_id,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// ApplicationList is the answer of GET /api/v1/vendor-applications.
type ApplicationList struct {
	Applications []ApplicationInfo `json:"applications"`
}

// RejectRequest is the body of POST /api/v1/vendor-applications/{id}/reject.
type RejectRequest struct {
	Reason string `json:"reason"`
}

func (r ApplicationRequest) toApplication() *catalog.Application {
	return &catalog.Application{Company: r.Company, ContactName: r.ContactName, Email: r.Email, Phone: r.Phone, Website: r.Website,
		Services: r.Services, Languages: r.Languages, States: r.States, Seats: r.Seats, Lang: r.Lang}
}

func applicationInfo(a *catalog.Application) ApplicationInfo {
	return ApplicationInfo{ID: a.ID, Company: a.Company, ContactName: a.ContactName, Email: a.Email, Phone: a.Phone,
		Website: a.Website, Services: a.Services, Languages: a.Languages, States: a.States, Seats: a.Seats, Lang: a.Lang,
		Status: a.Status, Reason: a.Reason, VendorID: a.VendorID, CreatedAt: a.CreatedAt}
}

func (s *Server) submitApplication(c *gin.Context) {
	var req ApplicationRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	if req.Homepage != "" {
		id, _ := intake.Decoy() // shaped like a real id
		c.JSON(http.StatusCreated, ApplicationSubmitted{ID: id, Status: catalog.ApplicationPending})
		return
	}
	a := req.toApplication()
	if err := s.applications.Submit(c.Request.Context(), a, c.ClientIP()); err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, ApplicationSubmitted{ID: a.ID, Status: a.Status})
}

func (s *Server) listApplications(c *gin.Context) {
	list, err := s.applications.List(c.Request.Context())
	if err != nil {
		fail(c, err)
		return
	}
	out := make([]ApplicationInfo, len(list))
	for i, a := range list {
		out[i] = applicationInfo(a)
	}
	c.JSON(http.StatusOK, ApplicationList{Applications: out})
}

func (s *Server) approveApplication(c *gin.Context) {
	a, err := s.applications.Approve(c.Request.Context(), c.Param("id"))
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, applicationInfo(a))
}

func (s *Server) rejectApplication(c *gin.Context) {
	var req RejectRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	a, err := s.applications.Reject(c.Request.Context(), c.Param("id"), req.Reason)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, applicationInfo(a))
}
