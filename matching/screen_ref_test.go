package matching

// screenSlow is the screen as it was: evaluate, vendor by vendor. The
// property tests hold plan.screen to it.
func (pl *plan) screenSlow(c *Catalog, kos []uint16) (sc screening) {
	for i := range c.profiles {
		ko, util := pl.evaluate(c, i, &c.profiles[i])
		kos[i] = ko
		if ko == 0 {
			sc.surv = append(sc.surv, screened{int32(i), util})
		}
		sc.add(ko)
	}
	return sc
}
