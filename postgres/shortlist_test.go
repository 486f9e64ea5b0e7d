package postgres

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

func TestShortlistGenerate(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	rec, _, sl := env.shortlisted(t)

	_, catVersion, _ := env.vendors.Snapshot(t.Context())
	if sl.Version != 1 || sl.IntakeID != rec.ID || sl.IntakeVersion != 1 || sl.CreatedBy != "user:u-advisor" ||
		sl.AsOf.String() != "2026-06-01" || sl.CatalogVersion != catVersion || sl.Result.CatalogVersion != catVersion ||
		sl.EngineVersion != matching.EngineVersion || sl.Method != "saw" || sl.Weights != matching.DefaultWeights {
		t.Errorf("record = %s", jsonOf(t, sl))
	}
	if len(sl.Result.Excluded) != 1 || sl.Result.Excluded[0].VendorID != env.ids["red"] {
		t.Errorf("excluded = %+v, want red", sl.Result.Excluded)
	}
	if sl.Result.Shortlist[0].VendorID != env.ids["cheap"] {
		t.Errorf("first = %s, want cheap", sl.Result.Shortlist[0].VendorName)
	}
	got, err := env.svc.Get(staffCtx(t), rec.ID)
	if err != nil || got.Status != intake.StatusShortlisted || got.Version != 2 {
		t.Errorf("intake after shortlisting: %+v, %v", got, err)
	}

	// The campaign's priorities are the default weights; the advisor's win.
	rec2, _ := env.submit(t, func(f *intake.Form) {
		f.Priorities = &matching.Weights{Cost: 1}
	})
	sl2, err := env.svc.GenerateShortlist(staffCtx(t), rec2.ID, intake.GenerateOptions{})
	if err != nil || sl2.Weights != (matching.Weights{Cost: 1}) {
		t.Errorf("priorities as weights: %+v, %v", sl2.Weights, err)
	}
	w := matching.Weights{Quality: 2, Readiness: 2}
	sl3, err := env.svc.GenerateShortlist(staffCtx(t), rec2.ID,
		intake.GenerateOptions{Weights: &w, Method: matching.MethodTOPSIS, Limit: 2})
	if err != nil || sl3.Version != 2 || sl3.Weights != w || sl3.Method != "topsis" || sl3.Limit != 2 ||
		len(sl3.Result.Shortlist) > 3 || sl3.Result.Weights.Quality != 0.5 {
		t.Errorf("advisor's options: %s, %v", jsonOf(t, sl3), err)
	}

	for _, opt := range []intake.GenerateOptions{
		{Method: "borda"}, {Limit: -1}, {Limit: 1000}, {Weights: &matching.Weights{}},
	} {
		if _, err := env.svc.GenerateShortlist(staffCtx(t), rec2.ID, opt); callmatch.ErrorCode(err) != callmatch.EINVALID {
			t.Errorf("%+v: %v, want invalid", opt, err)
		}
	}
	if _, err := env.svc.GenerateShortlist(staffCtx(t), "00000000-0000-0000-0000-000000000000", intake.GenerateOptions{}); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Errorf("missing intake: %v", err)
	}
	all, err := env.svc.Shortlists(staffCtx(t), rec2.ID)
	if err != nil || len(all) != 2 || all[0].Version != 2 {
		t.Errorf("shortlists newest first: %d, %v", len(all), err)
	}
}

func TestShortlistVersionsUnderConcurrency(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	rec, _ := env.submit(t, nil)
	const n = 6
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		versions []int
	)
	for range n {
		wg.Go(func() {
			sl, err := env.svc.GenerateShortlist(staffCtx(t), rec.ID, intake.GenerateOptions{})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			versions = append(versions, sl.Version)
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(versions)
	if !slices.Equal(versions, []int{1, 2, 3, 4, 5, 6}) {
		t.Errorf("versions = %v", versions)
	}
	// Each generation saw the intake version the previous one left.
	all, _ := env.svc.Shortlists(staffCtx(t), rec.ID)
	for _, sl := range all {
		if sl.IntakeVersion != int64(sl.Version) {
			t.Errorf("v%d made from intake version %d", sl.Version, sl.IntakeVersion)
		}
	}
	got, _ := env.svc.Get(staffCtx(t), rec.ID)
	if got.Version != 1+n {
		t.Errorf("intake version %d, want %d", got.Version, 1+n)
	}
}

func TestShortlistEventsBesideResult(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	ctx := staffCtx(t)
	_, _, sl := env.shortlisted(t)
	stored := func() string {
		var s []string
		env.db.gorm.Raw(`SELECT result::text FROM shortlists WHERE id = ?`, sl.ID).Scan(&s)
		return s[0]
	}
	before := stored()
	if before != string(sl.ResultJSON) {
		t.Fatalf("stored result differs from the engine's bytes")
	}

	events := []intake.Event{
		{Type: intake.EventPin, VendorID: env.ids["mid"], Reason: "Best Spanish QA we have seen"},
		{Type: intake.EventDrop, VendorID: env.ids["dear"], Reason: "Over budget after the minimum"},
		{Type: intake.EventNote, Reason: "Ask all about weekend shifts"},
	}
	for _, e := range events {
		if _, err := env.svc.AddEvent(ctx, sl.ID, e); err != nil {
			t.Fatalf("%s: %v", e.Type, err)
		}
	}
	for _, bad := range []intake.Event{
		{Type: intake.EventPin, VendorID: env.ids["red"], Reason: "excluded, but I like them"},
		{Type: intake.EventDrop, VendorID: env.ids["cheap"], Reason: "no"},
		{Type: "boost", VendorID: env.ids["cheap"], Reason: "they pay us more"},
	} {
		if _, err := env.svc.AddEvent(ctx, sl.ID, bad); callmatch.ErrorCode(err) != callmatch.EINVALID {
			t.Errorf("%+v: %v, want invalid", bad, err)
		}
	}
	if _, err := env.svc.AddEvent(ctx, "00000000-0000-0000-0000-000000000000", events[2]); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Errorf("missing shortlist: %v", err)
	}

	if after := stored(); after != before {
		t.Errorf("the stored result changed:\n%s\n%s", before, after)
	}
	got, err := env.svc.Shortlist(ctx, sl.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Events) != 3 || got.Events[0].Type != "pin" || got.Events[2].Type != "note" ||
		got.Events[1].Actor != "user:u-advisor" || got.Events[1].At.IsZero() || got.Events[0].ID == 0 {
		t.Errorf("events = %s", jsonOf(t, got.Events))
	}
	if !got.Dropped(env.ids["dear"]) || !got.Pinned(env.ids["mid"]) {
		t.Error("pin and drop not in effect")
	}
	// The record carries the stored bytes, events beside them.
	if string(got.ResultJSON) != before {
		t.Errorf("result bytes %s, want the stored %s", got.ResultJSON, before)
	}

	// The database refuses to edit a decision record, whoever asks.
	for _, stmt := range []string{
		`UPDATE shortlists SET result = '{}' WHERE id = ?`,
		`UPDATE shortlists SET method = 'topsis' WHERE id = ?`,
		`DELETE FROM shortlists WHERE id = ?`,
		`UPDATE shortlist_events SET reason = 'rewritten' WHERE shortlist_id = ?`,
		`DELETE FROM shortlist_events WHERE shortlist_id = ?`,
	} {
		if err := env.db.gorm.Exec(stmt, sl.ID).Error; err == nil {
			t.Errorf("%s succeeded", stmt)
		}
	}
}

func TestShortlistShareAndCampaignView(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	ctx := staffCtx(t)
	rec, token, sl := env.shortlisted(t)

	v, err := env.svc.CampaignView(t.Context(), rec.ID, token)
	if err != nil || v.Status != intake.StatusShortlisted || v.Shortlist != nil {
		t.Fatalf("view before sharing: %+v, %v", v, err)
	}
	if _, err := env.svc.AddEvent(ctx, sl.ID, intake.Event{Type: intake.EventDrop, VendorID: env.ids["cheap"],
		Reason: "INTERNAL: their GOTV references were weak"}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.svc.AddEvent(ctx, sl.ID, intake.Event{Type: intake.EventPin, VendorID: env.ids["mid"],
		Reason: "Strong Spanish-language team"}); err != nil {
		t.Fatal(err)
	}
	shared, err := env.svc.Share(ctx, sl.ID)
	if err != nil || shared.SharedAt == nil {
		t.Fatalf("share: %v", err)
	}
	in, _ := env.svc.Get(ctx, rec.ID)
	if in.Status != intake.StatusShared {
		t.Errorf("intake status %s after sharing", in.Status)
	}
	// Sharing again is a no-op.
	again, err := env.svc.Share(ctx, sl.ID)
	if err != nil || !again.SharedAt.Equal(*shared.SharedAt) {
		t.Errorf("share again: %v, %v", again, err)
	}
	if in2, _ := env.svc.Get(ctx, rec.ID); in2.Version != in.Version {
		t.Errorf("a second share changed the intake: version %d → %d", in.Version, in2.Version)
	}

	v, err = env.svc.CampaignView(t.Context(), rec.ID, token)
	if err != nil || v.Shortlist == nil {
		t.Fatalf("view: %+v, %v", v, err)
	}
	js := jsonOf(t, v)
	for _, hidden := range []string{"Vendor red", "affiliation_not_served", "Vendor cheap", "INTERNAL", "rosa.elizondo", "user:u-advisor"} {
		if strings.Contains(js, hidden) {
			t.Errorf("campaign view shows %q: %s", hidden, js)
		}
	}
	names := []string{}
	for _, sv := range v.Shortlist.Vendors {
		names = append(names, sv.VendorName)
	}
	if !slices.Equal(names, []string{"Vendor mid", "Vendor dear"}) || v.Shortlist.Vendors[0].Rank != 1 ||
		!v.Shortlist.Vendors[0].Pinned || len(v.Shortlist.Vendors[0].Factors) != 5 {
		t.Errorf("vendors shown: %s", js)
	}

	// A wrong, missing or other intake's token is the same not_found as an
	// intake that does not exist.
	other, otherToken := env.submit(t, nil)
	missing := "00000000-0000-0000-0000-000000000000"
	_, absent := env.svc.CampaignView(t.Context(), missing, token)
	for name, try := range map[string][2]string{
		"wrong token":         {rec.ID, token + "x"},
		"no token":            {rec.ID, ""},
		"other intake's link": {rec.ID, otherToken},
		"malformed id":        {"abc", token},
	} {
		_, err := env.svc.CampaignView(t.Context(), try[0], try[1])
		if callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
			t.Errorf("%s: %v, want not_found", name, err)
		}
		if strings.Replace(err.Error(), try[0], missing, 1) != absent.Error() {
			t.Errorf("%s: %q differs from an absent intake's %q", name, err, absent)
		}
	}
	if _, err := env.svc.CampaignView(t.Context(), other.ID, otherToken); err != nil {
		t.Errorf("other intake with its own link: %v", err)
	}
}

func TestShortlistRegenerateAfterSharing(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	ctx := staffCtx(t)
	rec, token, _ := env.shared(t)
	v2, err := env.svc.GenerateShortlist(ctx, rec.ID, intake.GenerateOptions{Limit: 1})
	if err != nil || v2.Version != 2 {
		t.Fatalf("regenerate: %v", err)
	}
	view, _ := env.svc.CampaignView(t.Context(), rec.ID, token)
	if view.Status != intake.StatusShortlisted || view.Shortlist == nil || view.Shortlist.Version != 1 {
		t.Errorf("before sharing v2 the campaign keeps seeing v1: %s", jsonOf(t, view))
	}
	if _, err := env.svc.Share(ctx, v2.ID); err != nil {
		t.Fatal(err)
	}
	view, _ = env.svc.CampaignView(t.Context(), rec.ID, token)
	if view.Status != intake.StatusShared || view.Shortlist.Version != 2 || len(view.Shortlist.Vendors) != 1 {
		t.Errorf("after sharing v2: %s", jsonOf(t, view))
	}
}
