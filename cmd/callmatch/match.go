package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"callmatch"
	"callmatch/catalog"
	"callmatch/intake"
	"callmatch/matching"
)

// cmdMatch prints the match result of DOMAIN.md §8 for a catalog export
// and an intake file. Any bad input is exit status 2 with one line naming
// the file, the field and what was expected, and nothing on stdout.
func cmdMatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("match", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	catalogPath := fs.String("catalog", "", "vendors JSON: {\"vendors\": [...]}, as GET /api/v1/vendors returns")
	intakePath := fs.String("intake", "", "consultation form JSON")
	asOf := fs.String("as-of", "", "YYYY-MM-DD; default today")
	method := fs.String("method", matching.MethodSAW, "saw or topsis")
	limit := fs.Int("limit", 0, "shortlist length; 0 for all")
	bookingsPath := fs.String("bookings", "", `bookings JSON: {"bookings": [{"vendor_id", "week_start", "language", "seats", "intake_id"?}]}`)
	intakeID := fs.String("intake-id", "", "the intake's id: its own bookings in --bookings do not count against it")
	const synopsis = "usage: callmatch match --catalog FILE --intake FILE [--bookings FILE [--intake-id ID]] [--as-of YYYY-MM-DD] [--method saw|topsis] [--limit N]"
	if err := fs.Parse(args); err != nil {
		return usagef("match: %s; %s", err, synopsis)
	}
	switch {
	case fs.NArg() > 0:
		return usagef("match: unexpected argument %q; %s", fs.Arg(0), synopsis)
	case *catalogPath == "":
		return usagef("match: --catalog FILE is required; %s", synopsis)
	case *intakePath == "":
		return usagef("match: --intake FILE is required; %s", synopsis)
	case *method != matching.MethodSAW && *method != matching.MethodTOPSIS:
		return usagef("match: --method: %q is not a method; expected saw or topsis", *method)
	case *limit < 0:
		return usagef("match: --limit: expected 0 (no limit) or more, got %d", *limit)
	}
	day := callmatch.DateOf(time.Now()) // the engine has no clock; the CLI lends it today
	if *asOf != "" {
		d, err := callmatch.ParseDate(*asOf)
		if err != nil {
			return usagef("match: --as-of: %s", err)
		}
		day = d
	}

	vendors, version, err := readCatalogFile(*catalogPath)
	if err != nil {
		return err
	}
	form, err := readIntakeFile(*intakePath)
	if err != nil {
		return err
	}
	cat, err := bookedCatalog(vendors, version, *bookingsPath)
	if err != nil {
		return err
	}
	opts := intake.WhatIf{Method: *method, Limit: *limit, AsOf: day, AllExcluded: true}.Options(form, day)
	opts.IntakeID = *intakeID
	res, err := matching.Match(cat, form.MatchRequest(), opts)
	if err != nil {
		return usagef("%s: %s", *intakePath, problem(err))
	}
	return writeJSON(stdout, res)
}

// catalogFile is the body of GET /api/v1/vendors.
type catalogFile struct {
	Vendors []*catalog.Vendor `json:"vendors"`
	Total   int               `json:"total"`
	Page    int               `json:"page"`
	PerPage int               `json:"per_page"`
}

// readCatalogFile decodes and validates a catalog export. The version is a
// digest of the file, so a result records exactly which catalog it saw.
func readCatalogFile(path string) ([]*catalog.Vendor, string, error) {
	var f catalogFile
	b, err := readJSONFile(path, &f)
	if err != nil {
		return nil, "", err
	}
	if f.Vendors == nil {
		return nil, "", usagef(`%s: vendors: expected {"vendors": [...]}, the body of GET /api/v1/vendors`, path)
	}
	if f.Total > len(f.Vendors) {
		return nil, "", usagef("%s: total: the file holds %d of %d vendors (page %d); expected every vendor: merge all pages into one file",
			path, len(f.Vendors), f.Total, f.Page)
	}
	seen := map[string]int{}
	for i, v := range f.Vendors {
		p := fmt.Sprintf("vendors[%d]", i)
		switch {
		case v == nil:
			return nil, "", usagef("%s: %s: expected a vendor object, got null", path, p)
		case v.ID == "":
			return nil, "", usagef("%s: %s.id: expected the vendor's id, got none", path, p)
		}
		if j, dup := seen[v.ID]; dup {
			return nil, "", usagef("%s: %s.id: %q is also the id of vendors[%d]; expected unique ids", path, p, v.ID, j)
		}
		seen[v.ID] = i
		if err := v.Validate(); err != nil {
			return nil, "", usagef("%s: %s (%s): %s", path, p, v.Slug, prefixed(p+".", err))
		}
	}
	sum := sha256.Sum256(b)
	return f.Vendors, "sha256:" + hex.EncodeToString(sum[:8]), nil
}

// bookedCatalog compiles vendors and, given a bookings file, counts its
// bookings against their seats. The version then names both files'
// digests, so a result records the bookings it saw too.
func bookedCatalog(vendors []*catalog.Vendor, version, bookingsPath string) (*matching.Catalog, error) {
	if bookingsPath == "" {
		return matching.NewCatalog(vendors, version), nil
	}
	bs, digest, err := readBookingsFile(bookingsPath, vendors)
	if err != nil {
		return nil, err
	}
	return matching.NewCatalog(vendors, version+"+bookings:"+digest).WithBookings(bs), nil
}

// bookingsFile is MARKETPLACE.md §2's bookings file.
type bookingsFile struct {
	Bookings []matching.Booking `json:"bookings"`
}

// readBookingsFile decodes and checks a bookings file against the
// catalog's vendors: every booking names a vendor of the catalog, a
// Monday, a known language and seats above 0. It returns the bookings and
// a digest of the file.
func readBookingsFile(path string, vendors []*catalog.Vendor) ([]matching.Booking, string, error) {
	var f bookingsFile
	b, err := readJSONFile(path, &f)
	if err != nil {
		return nil, "", err
	}
	if f.Bookings == nil {
		return nil, "", usagef(`%s: bookings: expected {"bookings": [{"vendor_id", "week_start", "language", "seats"}]}`, path)
	}
	known := make(map[string]bool, len(vendors))
	for _, v := range vendors {
		known[v.ID] = true
	}
	for i, bk := range f.Bookings {
		p := fmt.Sprintf("bookings[%d]", i)
		switch {
		case !known[bk.VendorID]:
			return nil, "", usagef("%s: %s.vendor_id: %q is not a vendor of the catalog", path, p, bk.VendorID)
		case bk.WeekStart.IsZero():
			return nil, "", usagef("%s: %s.week_start: expected a Monday (YYYY-MM-DD), got none", path, p)
		case bk.WeekStart.Weekday() != time.Monday:
			return nil, "", usagef("%s: %s.week_start: %s is a %s; expected a Monday", path, p, bk.WeekStart, bk.WeekStart.Weekday())
		case !catalog.Languages.Has(bk.Language):
			return nil, "", usagef("%s: %s.language: %q is not an ISO 639-1 language code", path, p, bk.Language)
		case !(bk.Seats > 0):
			return nil, "", usagef("%s: %s.seats: expected a number of seats above 0, got %g", path, p, bk.Seats)
		}
	}
	sum := sha256.Sum256(b)
	return f.Bookings, "sha256:" + hex.EncodeToString(sum[:8]), nil
}

// readIntakeFile decodes a consultation form strictly, applies its
// defaults and validates it for matching (no contact details needed).
func readIntakeFile(path string) (*intake.Form, error) {
	var f intake.Form
	if _, err := readJSONFile(path, &f); err != nil {
		return nil, err
	}
	f.ApplyDefaults()
	if err := f.ValidateForMatch(); err != nil {
		return nil, usagef("%s: %s", path, problem(err))
	}
	return &f, nil
}

// readJSONFile decodes the file at path into dst strictly and returns its
// bytes; every failure is a usage error naming the file.
func readJSONFile(path string, dst any) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("%s: %s", path, unwrapPathError(err))
	}
	if err := callmatch.UnmarshalJSON(b, dst); err != nil {
		return nil, usagef("%s: %s", path, problem(err))
	}
	return b, nil
}

// problem renders a *callmatch.Error on one line: "field: message; …".
func problem(err error) string {
	var e *callmatch.Error
	if errors.As(err, &e) && len(e.Fields) > 0 {
		return oneLine(callmatch.FieldErrors(e.Fields).String())
	}
	return oneLine(callmatch.ErrorMessage(err))
}

// prefixed is problem with every field under prefix.
func prefixed(prefix string, err error) string {
	var e *callmatch.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return problem(err)
	}
	fe := callmatch.FieldErrors{}
	for k, m := range e.Fields {
		fe[prefix+k] = m
	}
	return oneLine(fe.String())
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func unwrapPathError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return "cannot read the file: " + pe.Err.Error()
	}
	return err.Error()
}

// writeJSON renders v fully before writing, so a failure prints nothing.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
