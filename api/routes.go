package api

// routes lists every route on one screen. requireUser and requireStaff
// turn away callers early with the right status; the decision for each
// object (which vendor, which intake) is the service's (catalog.Service,
// intake.Service), which asks account policy for the actor in the context.
func (s *Server) routes() {
	r := s.engine
	r.Use(measure, s.requestContext, s.recoverPanics, s.securityHeaders, retryAfter)
	// Gin fixes a route's middleware when the route is registered, so the
	// health routes, registered before the rest is added, never look up a
	// session: liveness must not depend on the database, even for a
	// browser that sends its cookie along.
	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.Use(s.deadline, s.crossOrigin, s.authenticate, noStore)

	r.GET("/api/openapi.json", s.openAPI)
	// Stripe signs its deliveries; no session, token or CSRF check applies
	// (crossOrigin passes requests without browser headers).
	r.POST("/webhooks/stripe", s.stripeWebhook)

	v1 := r.Group("/api/v1")
	v1.POST("/auth/login", s.login)
	v1.POST("/auth/logout", s.logout)
	v1.POST("/auth/logout-all", requireUser, s.logoutAll)
	v1.GET("/tokens", requireUser, s.listTokens)
	v1.POST("/tokens", requireUser, s.createToken) // from a session only, never a token
	v1.DELETE("/tokens/:id", requireUser, s.revokeToken)
	// Accounts and vendor applications (ISSUE14): public reset and apply
	// are rate limited per address and per client by their services.
	v1.POST("/auth/password-reset", s.requestPasswordReset)  // 202 for any address
	v1.POST("/auth/password", requireUser, s.changePassword) // from a session only
	v1.GET("/people", requireStaff, s.listPeople)
	v1.POST("/people/invitations", requireStaff, s.createInvitation)
	v1.DELETE("/people/invitations/:id", requireStaff, s.revokeInvitation)
	v1.POST("/people/:id/disable", requireStaff, s.setDisabled(true))
	v1.POST("/people/:id/enable", requireStaff, s.setDisabled(false))
	v1.POST("/vendor-applications", s.submitApplication)
	v1.GET("/vendor-applications", requireStaff, s.listApplications)
	v1.POST("/vendor-applications/:id/approve", requireStaff, s.approveApplication)
	v1.POST("/vendor-applications/:id/reject", requireStaff, s.rejectApplication)

	v1.POST("/intakes", s.submitIntake)
	v1.POST("/intakes/link", s.sendLinkAgain) // public: 202 for any address
	v1.GET("/intakes", requireStaff, s.listIntakes)
	v1.GET("/intakes/:id", s.getIntake) // staff, or the campaign with its private link token
	v1.POST("/intakes/:id/withdraw", s.withdrawIntake)
	v1.GET("/intakes/:id/contact", requireStaff, s.intakeContact)
	v1.POST("/intakes/:id/review", requireStaff, s.reviewIntake)
	v1.POST("/intakes/:id/close", requireStaff, s.closeIntake)
	v1.POST("/intakes/:id/erase", requireStaff, s.eraseIntake)
	v1.POST("/intakes/:id/shortlists", requireStaff, s.createShortlist)
	v1.POST("/intakes/:id/engagements", requireStaff, s.createEngagement)
	v1.POST("/intakes/:id/plans", requireStaff, s.createPlan)
	v1.GET("/shortlists/:id", requireStaff, s.getShortlist)
	v1.POST("/shortlists/:id/events", requireStaff, s.addShortlistEvent)
	v1.POST("/shortlists/:id/share", requireStaff, s.shareShortlist)
	v1.POST("/match", requireStaff, s.match)
	// Delivery (ISSUE16): reports by that vendor's users (or staff); the
	// pace also for the campaign with its private link token.
	v1.POST("/engagements/:id/reports", requireUser, s.submitReports)
	v1.GET("/engagements/:id/pace", s.engagementPace)

	// Quotes (MARKETPLACE.md §3): staff invite and compare; the invited
	// vendor's users answer (another vendor's invitation is 404); the
	// campaign sees released quotes and asks to talk with its link.
	v1.POST("/shortlists/:id/invitations", requireStaff, s.createInvitations)
	v1.GET("/invitations", requireUser, s.listInvitations) // a vendor user: its own; staff: all, ?intake_id=
	v1.GET("/invitations/:id", requireUser, s.getInvitation)
	v1.GET("/invitations/:id/quotes", requireUser, s.quoteVersions) // every version, newest first
	v1.POST("/invitations/:id/quote", requireUser, s.submitQuote)
	v1.POST("/invitations/:id/decline", requireUser, s.declineInvitation)
	v1.GET("/intakes/:id/quotes", requireStaff, s.compareQuotes)
	v1.POST("/intakes/:id/quotes/release", requireStaff, s.releaseQuotes)
	v1.GET("/intakes/:id/released-quotes", s.releasedQuotes)                 // staff, or the campaign with its private link token
	v1.POST("/intakes/:id/talks", s.requestTalk)                             // the campaign with its private link token
	v1.GET("/vendors/:id/opportunities", requireUser, s.vendorOpportunities) // staff, or that vendor's users

	// The campaign writes to its advisor with its private link token;
	// staff read the messages.
	v1.POST("/intakes/:id/messages", s.sendCampaignMessage)
	v1.GET("/intakes/:id/messages", requireStaff, s.listCampaignMessages)

	v1.GET("/vendors", requireUser, s.listVendors)
	v1.POST("/vendors", requireStaff, s.createVendor)
	v1.GET("/vendors/search", requireStaff, s.searchVendors)
	v1.GET("/vendors/:id", requireUser, s.getVendor)
	v1.PATCH("/vendors/:id", requireUser, s.updateVendor)
	v1.PUT("/vendors/:id/capacity", requireUser, s.setCapacity)
	v1.POST("/vendors/:id/certifications", requireUser, s.addCertification)
	v1.GET("/vendors/:id/bookings", requireUser, s.vendorBookings) // staff, or that vendor's users
	v1.POST("/certifications/:id/verify", requireStaff, s.verifyCertification)
	v1.GET("/vendors/:id/fee-terms", requireUser, s.getFeeTerms) // admins only
	v1.PUT("/vendors/:id/fee-terms", requireUser, s.setFeeTerms) // admins only

	v1.GET("/invoices", requireUser, s.listInvoices) // staff all; a vendor user its own

	v1.GET("/messages", requireStaff, s.listMessages) // the mail queue, without recipients
}
