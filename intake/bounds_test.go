package intake

import "testing"

// The form refuses what the engine refuses (DOMAIN.md §4), each at its own
// field: attempts 0 (no longer taken as 1), a program longer than 366
// days, and ivr_broadcast to cells without consent.
func TestFormProgramBounds(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*Form)
		field string
	}{
		{"attempts 0", func(f *Form) { f.AttemptsPerRecord = 0 }, "attempts_per_record"},
		{"a year and two days", func(f *Form) { f.EndDate = f.StartDate.AddDays(367) }, "end_date"},
		{"the end of time", func(f *Form) { f.EndDate = 2932896 }, "end_date"}, // 9999-12-31
		{"ivr to cells without consent", func(f *Form) {
			f.Services = append(f.Services, "ivr_broadcast")
			f.Requirements.CellShare, f.Requirements.CellConsent = 0.4, false
		}, "requirements.cell_consent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fingerprintForm()
			tc.edit(&f)
			f.ApplyDefaults()
			if fieldErrors(t, f.Validate())[tc.field] == "" {
				t.Errorf("no error on %s", tc.field)
			}
		})
	}
	f := fingerprintForm()
	f.Services = append(f.Services, "ivr_broadcast")
	f.Requirements.CellShare, f.Requirements.CellConsent = 0.4, true
	f.ApplyDefaults()
	if errs := fieldErrors(t, f.Validate()); errs != nil {
		t.Errorf("ivr_broadcast to consented cells refused: %v", errs)
	}
}
