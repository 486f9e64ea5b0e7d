package frontend

import (
	"context"
	"maps"
	"strconv"

	"github.com/gin-gonic/gin"

	"callmatch"
)

// deskEngage records the vendor the campaign signed with and the contract
// value the referral fee is invoiced on: for the whole program, or, with
// max_vendors (the split view's form), for the vendor's part of the team
// plan for at most that many vendors, which books just that part.
//
// A repeated post (a double click, a reload) finds the engagement already
// recorded and changes nothing; two advisors engaging the last seats of a
// vendor at once are ordered by the store under the vendor's lock, and the
// second sees the intake again with the conflict naming the week and the
// seats still free. Both are the service's; the page only shows them.
func (p *pages) deskEngage(c *gin.Context) {
	p.changeIntake(c, "engaged#engagement", func(ctx context.Context, id string) error {
		vendorID := c.PostForm("vendor_id")
		cents, err := parseDollars(c.PostForm("contract_value"))
		if vendorID == "" {
			// The form preselects no vendor, so that a forgotten choice is
			// an error rather than an engagement with whoever came first.
			fe := callmatch.FieldErrors{"vendor_id": "choose the vendor the campaign signed with"}
			if e, ok := err.(*callmatch.Error); ok {
				maps.Copy(fe, e.Fields)
			}
			return &callmatch.Error{Code: callmatch.EINVALID, Message: "No engagement was recorded.", Fields: fe}
		}
		if err != nil {
			return err
		}
		if s, ok := c.GetPostForm("max_vendors"); ok {
			n, err := strconv.Atoi(s)
			if err != nil {
				n = -1 // the service names the field and the allowed values
			}
			_, err = p.Intakes.EngagePart(ctx, id, vendorID, cents, n)
			return err
		}
		_, err = p.Intakes.Engage(ctx, id, vendorID, cents)
		return err
	})
}

// parseDollars reads an amount typed as dollars ("$42,000", "42000.50")
// into cents, as the consultation form reads its budget.
func parseDollars(s string) (int64, error) {
	cents, ok := callmatch.ParseDollars(s)
	if !ok {
		return 0, dollarsError()
	}
	return cents, nil
}

func dollarsError() error {
	return &callmatch.Error{Code: callmatch.EINVALID, Message: "Some fields are not valid.",
		Fields: map[string]string{"contract_value": "must be an amount in dollars, like 42,000"}}
}
