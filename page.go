package callmatch

import "fmt"

// DefaultPerPage is the page size of a list when the caller names none.
const DefaultPerPage = 50

// CheckPage validates a list's page parameters into fe, naming them "page"
// and "per_page", and fills in the defaults: page 1 and DefaultPerPage
// items. maxPerPage is the most one page may hold.
func CheckPage(fe *FieldErrors, page, perPage *int, maxPerPage int) {
	if *page < 0 {
		fe.Add("page", "must be 1 or more")
	} else if *page == 0 {
		*page = 1
	}
	if *perPage < 0 || *perPage > maxPerPage {
		fe.Add("per_page", fmt.Sprintf("must be between 1 and %d", maxPerPage))
	} else if *perPage == 0 {
		*perPage = DefaultPerPage
	}
}
