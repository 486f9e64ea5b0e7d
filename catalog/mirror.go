package catalog

// What a mirror of the catalog (the search index) reads from the store:
// the committed changes, one claim at a time, and vendors with the version
// of their content.

// VendorChange is a claimed notice that a vendor changed. Completing it
// (or handing it back to retry) goes through the store that claimed it.
type VendorChange struct {
	VendorID string
	Attempts int // including this claim
	// Receipt is the claiming store's own record of the claim; pass it
	// back unchanged.
	Receipt any
}

// VersionedVendor is a vendor as stored, with the version its last write
// gave it (Vendor does not carry it).
type VersionedVendor struct {
	Vendor  *Vendor
	Version int64
}
