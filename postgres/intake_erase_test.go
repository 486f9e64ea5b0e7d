package postgres

import (
	"strings"
	"testing"

	"callmatch"
	"callmatch/intake"
)

func TestIntakeErase(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	ctx := staffCtx(t)
	rec, token, sl := env.shared(t)

	erased, err := env.svc.Erase(ctx, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if erased.ErasedAt == nil || erased.Status != intake.StatusShared || erased.Form.Campaign.Name != "" ||
		erased.Form.Message != "" || erased.Form.Records != testForm().Records {
		t.Errorf("erased = %s", jsonOf(t, erased))
	}
	var raw []struct {
		Sealed   bool
		Text     string
		HasToken bool
	}
	env.db.gorm.Raw(`SELECT contact_ciphertext IS NOT NULL AS sealed, i::text AS text,
		token_hash IS NOT NULL AS has_token FROM intakes i WHERE id = ?`, rec.ID).Scan(&raw)
	if len(raw) != 1 || raw[0].Sealed || strings.Contains(raw[0].Text, "Garcia") || strings.Contains(raw[0].Text, "TX-23") {
		t.Errorf("row after erasure: %+v", raw)
	}

	_, err = env.svc.Contact(ctx, rec.ID)
	if callmatch.ErrorCode(err) != callmatch.ENOTFOUND || !strings.Contains(err.Error(), "erased on 2026-06-01") {
		t.Errorf("contact after erasure: %v", err)
	}

	// Erasing again changes nothing and audits nothing more.
	again, err := env.svc.Erase(ctx, rec.ID)
	if err != nil || again.Version != erased.Version {
		t.Errorf("erase again: %+v, %v", again, err)
	}
	if got := countRows(t, env.db, "audit_log", "action = ? AND object_id = ?", ActionIntakeErase, rec.ID); got != 1 {
		t.Errorf("%d erase audit rows, want 1", got)
	}
	entries, _ := env.db.AuditFor(t.Context(), "intake", rec.ID)
	for _, e := range entries {
		if e.Action == ActionIntakeErase && (string(e.Before["contact"]) != `"sealed"` || string(e.After["contact"]) != `"erased"`) {
			t.Errorf("erase audit = %+v", e)
		}
	}
	var audit []string
	env.db.gorm.Raw(`SELECT diff::text FROM audit_log`).Scan(&audit)
	if all := strings.Join(audit, "\n"); strings.Contains(all, "Garcia") || strings.Contains(all, "rosa.elizondo") {
		t.Errorf("personal data in the audit log: %s", all)
	}

	// The shortlist and the campaign's link survive, without personal data.
	v, err := env.svc.CampaignView(t.Context(), rec.ID, token)
	if err != nil || v.Shortlist == nil || v.Request.CampaignName != "" {
		t.Errorf("view after erasure: %+v, %v", v, err)
	}
	if _, err := env.svc.Shortlist(ctx, sl.ID); err != nil {
		t.Errorf("shortlist after erasure: %v", err)
	}
}
