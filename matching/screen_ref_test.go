package matching

// screenSlow is the screen as it was: evaluate, vendor by vendor. The
// property tests hold plan.screen to it.
func (pl *plan) screenSlow(c *Catalog, kos, _ []uint16) (surv []screened) {
	for i := range c.profiles {
		ko, util := pl.evaluate(c, i, &c.profiles[i])
		kos[i] = ko
		if ko == 0 {
			surv = append(surv, screened{int32(i), util})
		}
	}
	return surv
}
