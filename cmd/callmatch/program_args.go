package main

import (
	"flag"
	"time"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// programArgs are the flags `match` and `plan` share: the files of one
// program (a catalog export, an intake, optional bookings) and the day to
// judge it on.
type programArgs struct {
	fs                                        *flag.FlagSet
	synopsis                                  string
	catalog, intake, bookings, intakeID, asOf *string
}

func newProgramArgs(fs *flag.FlagSet, synopsis string) *programArgs {
	return &programArgs{
		fs: fs, synopsis: synopsis,
		catalog:  fs.String("catalog", "", `vendors JSON: {"vendors": [...]}, as GET /api/v1/vendors returns`),
		intake:   fs.String("intake", "", "consultation form JSON"),
		bookings: fs.String("bookings", "", `bookings JSON: {"bookings": [{"vendor_id", "week_start", "language", "seats", "intake_id"?}]}`),
		intakeID: fs.String("intake-id", "", "the intake's id: its own bookings in --bookings do not count against it"),
		asOf:     fs.String("as-of", "", "YYYY-MM-DD; default today"),
	}
}

// parse reads args and checks what every program command needs; the
// command checks its own flags after.
func (pa *programArgs) parse(args []string) error {
	name := pa.fs.Name()
	if err := pa.fs.Parse(args); err != nil {
		return usagef("%s: %s; %s", name, err, pa.synopsis)
	}
	switch {
	case pa.fs.NArg() > 0:
		return usagef("%s: unexpected argument %q; %s", name, pa.fs.Arg(0), pa.synopsis)
	case *pa.catalog == "":
		return usagef("%s: --catalog FILE is required; %s", name, pa.synopsis)
	case *pa.intake == "":
		return usagef("%s: --intake FILE is required; %s", name, pa.synopsis)
	}
	return nil
}

// load reads the files: the catalog with the bookings counted, the
// intake, and the as-of day (today unless given: the engine has no clock,
// the CLI lends it today).
func (pa *programArgs) load() (*matching.Catalog, *intake.Form, callmatch.Date, error) {
	day := callmatch.DateOf(time.Now())
	if *pa.asOf != "" {
		d, err := callmatch.ParseDate(*pa.asOf)
		if err != nil {
			return nil, nil, 0, usagef("%s: --as-of: %s", pa.fs.Name(), err)
		}
		day = d
	}
	vendors, version, err := readCatalogFile(*pa.catalog)
	if err != nil {
		return nil, nil, 0, err
	}
	form, err := readIntakeFile(*pa.intake)
	if err != nil {
		return nil, nil, 0, err
	}
	cat, err := bookedCatalog(vendors, version, *pa.bookings)
	if err != nil {
		return nil, nil, 0, err
	}
	return cat, form, day, nil
}
