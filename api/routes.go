package api

// routes lists every route on one screen. Authorization that depends on the
// object (which vendor) is checked in the handler against account policy.
func (s *Server) routes() {
	r := s.engine
	r.Use(s.requestContext, s.recoverPanics, securityHeaders, s.crossOrigin, s.authenticate)

	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/api/openapi.json", s.openAPI)

	v1 := r.Group("/api/v1")
	v1.POST("/auth/login", s.login)
	v1.POST("/auth/logout", s.logout)
	v1.POST("/tokens", requireUser, s.createToken)

	v1.POST("/match", requireStaff, s.match)

	v1.GET("/vendors", requireUser, s.listVendors)
	v1.POST("/vendors", requireStaff, s.createVendor)
	v1.GET("/vendors/:id", requireUser, s.getVendor)
	v1.PATCH("/vendors/:id", requireUser, s.updateVendor)
	v1.PUT("/vendors/:id/capacity", requireUser, s.setCapacity)
	v1.POST("/vendors/:id/certifications", requireUser, s.addCertification)
	v1.POST("/certifications/:id/verify", requireStaff, s.verifyCertification)
}
