package frontend

import "github.com/gin-gonic/gin"

// routes lists every page on one screen. Campaign pages are public (the
// status page needs its private link); desk pages need staff, portal pages
// a vendor user; each guard redirects anonymous visitors to sign in.
func (p *pages) routes(r *gin.Engine) {
	r.GET("/static/*file", serveStatic)

	// Campaigns
	r.GET("/", p.landing)
	r.GET("/consult", p.consultShow)
	r.POST("/consult", p.consultSubmit)
	r.GET("/status/link", p.statusLinkShow)
	r.POST("/status/link", p.statusLinkSend)
	r.GET("/status/:id", p.statusShow)
	r.POST("/status/:id/withdraw", p.statusWithdraw)
	r.POST("/status/:id/talk", p.statusTalk)
	r.GET("/status/:id/vendors/:vendor", p.statusVendorCard)
	r.GET("/status/:id/compare", p.statusCompare)
	r.GET("/status/:id/shortlist.pdf", p.statusPDF)
	r.POST("/status/:id/message", p.statusMessage)
	r.GET("/apply", p.applyShow)
	r.POST("/apply", p.applySubmit)

	// Everyone who signs in
	r.GET("/login", p.loginShow)
	r.POST("/login", p.loginSubmit)
	r.POST("/logout", p.logout)
	// Links from mail: the token in the path is the permission.
	r.GET("/invite/:token", p.inviteShow)
	r.POST("/invite/:token", p.inviteAccept)
	r.GET("/reset", p.resetRequestShow)
	r.POST("/reset", p.resetRequestSubmit)
	r.GET("/reset/:token", p.resetShow)
	r.POST("/reset/:token", p.resetSubmit)
	r.GET("/unsubscribe/:token", p.unsubscribeShow)
	r.POST("/unsubscribe/:token", p.unsubscribeSubmit)
	mine := r.Group("/account", p.requireUser)
	mine.GET("", p.accountShow)
	mine.POST("/tokens", p.accountTokenCreate)
	mine.POST("/tokens/:id/revoke", p.accountTokenRevoke)
	mine.POST("/logout-all", p.logoutAll)
	mine.POST("/password", p.accountPassword)
	mine.POST("/reminders", p.accountReminders)

	// Advisor desk
	desk := r.Group("/desk", p.requireStaff)
	desk.GET("", p.deskQueue)
	desk.GET("/intakes/:id", p.deskIntake)
	desk.POST("/intakes/:id/rank", p.deskRank)
	desk.GET("/intakes/:id/contact", p.deskContact)
	desk.POST("/intakes/:id/review", p.deskIntakeReview)
	desk.POST("/intakes/:id/close", p.deskIntakeClose)
	desk.POST("/intakes/:id/erase", p.deskIntakeErase)
	desk.POST("/intakes/:id/shortlists", p.deskShortlistSave)
	desk.GET("/intakes/:id/plan", p.deskPlan)
	desk.POST("/intakes/:id/engagements", p.deskEngage)
	desk.POST("/shortlists/:id/events", p.deskShortlistEvent)
	desk.POST("/shortlists/:id/share", p.deskShortlistShare)
	desk.POST("/shortlists/:id/invitations", p.deskInvite)
	desk.POST("/intakes/:id/quotes/release", p.deskRelease)
	desk.GET("/vendors", p.deskVendors)
	desk.GET("/vendors/:id", p.deskVendor)
	// Staff edit a vendor with the portal's own forms and handlers; the
	// vendor's id in the path is what tells them apart from the portal.
	p.portalForms(desk.Group("/vendors/:id/edit"))
	desk.GET("/capacity", p.deskCapacity)
	desk.GET("/capacity.csv", p.deskCapacityCSV)
	desk.GET("/certifications", p.deskCerts)
	desk.POST("/certifications/:id/decision", p.deskCertDecide)
	desk.GET("/certifications/:id/document", p.deskCertDocument)
	desk.GET("/mail", p.deskMail)
	desk.GET("/people", p.peopleShow)
	desk.POST("/people/invitations", p.peopleInvite)
	desk.POST("/people/invitations/:id/revoke", p.peopleRevoke)
	desk.POST("/people/:id/disable", p.peopleSetDisabled(true))
	desk.POST("/people/:id/enable", p.peopleSetDisabled(false))
	desk.GET("/applications", p.deskApplications)
	desk.POST("/applications/:id/approve", p.deskApplicationApprove)
	desk.POST("/applications/:id/reject", p.deskApplicationReject)

	// Vendor portal
	portal := r.Group("/portal", p.requireVendor)
	p.portalForms(portal)
	portal.POST("/certifications", p.portalCertUpload)

	p.deliveryRoutes(r, portal)
	portal.GET("/opportunities", p.portalOpportunities)
	portal.GET("/invitations/:id", p.portalInvitation)
	portal.POST("/invitations/:id/quote", p.portalQuote)
	portal.POST("/invitations/:id/decline", p.portalDecline)
}

// portalForms registers the vendor profile page and its forms below g: the
// vendor's own under /portal, any vendor's for staff on the desk.
func (p *pages) portalForms(g *gin.RouterGroup) {
	g.GET("", p.portalShow)
	g.POST("", p.portalSave) // the one form of every section
	g.POST("/profile", p.portalProfile)
	g.POST("/sites", p.portalSites)
	g.POST("/languages", p.portalLanguages)
	g.POST("/rates", p.portalRates)
	g.POST("/capacity", p.portalCapacity)
}
