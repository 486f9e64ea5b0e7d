package postgres

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"callmatch/catalog"
)

// storedDoc is a vendors.doc as rows written before the store had its own
// document types hold it: the keys must keep reading, and keep being
// written, exactly so.
const storedDoc = `{"website":"https://p.example.org","description":"Phones, done well.","works_against_incumbents":false,` +
	`"sites":[{"country":"US","region":"TX","city":"Austin","timezone":"America/Chicago","seats":120}],` +
	`"dialing_modes":["manual","click_to_dial","predictive"],"languages":[{"code":"en","seats":120},{"code":"es","seats":45}],` +
	`"capacity":{"hours_per_day":10,"ramp_up_days":7,"calendar":[{"week_start":"2026-10-05","seats_available":80}]},` +
	`"rates":[{"service":"gotv","model":"per_agent_hour","amount_cents":2800,"minimum_cents":500000}],` +
	`"state_experience":["TX","AZ"],"metrics":{"contact_rate":0.12,"qa_score":0.92,"verified":false}}`

func TestVendorDocKeepsItsKeys(t *testing.T) {
	t.Parallel()
	v := testVendor("p")
	b, err := json.Marshal(docOf(v))
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != storedDoc {
		t.Errorf("vendors.doc is written as\n%s\nwant\n%s", b, storedDoc)
	}
	var d vendorDoc
	if err := d.Scan(storedDoc); err != nil {
		t.Fatal(err)
	}
	if again, _ := json.Marshal(d); string(again) != storedDoc {
		t.Errorf("a stored doc reads back as\n%s", again)
	}
	r := vendorRow{ID: v.ID, Slug: v.Slug, Name: v.Name, Status: v.Status, Serves: v.Serves, UnionShop: v.UnionShop,
		Services: v.Services, Doc: d}
	got := r.toVendor(nil)
	if got.Capacity.Calendar[0].SeatsAvailable != 80 || got.Metrics.QAScore != 0.92 || got.Sites[0].City != "Austin" || got.Rates[0].MinimumCents != 500000 {
		t.Errorf("a stored doc reads as %+v", got)
	}
}

// Experience with issue areas and audiences and the labor declaration
// came later: a vendor that has them stores them, and storedDoc above,
// written before, reads as a vendor without them.
func TestVendorDocExperienceAndLabor(t *testing.T) {
	t.Parallel()
	v := testVendor("p")
	v.IssueExperience, v.AudienceExperience = []string{"healthcare", "economy"}, []string{"seniors"}
	v.Labor = &catalog.Labor{AgentWageFloorCents: 1750, Employment: "contracted", Benefits: true}
	b, err := json.Marshal(docOf(v))
	if err != nil {
		t.Fatal(err)
	}
	want := `"issue_experience":["healthcare","economy"],"audience_experience":["seniors"],` +
		`"labor":{"agent_wage_floor_cents":1750,"employment":"contracted","benefits":true},"metrics"`
	if !strings.Contains(string(b), want) {
		t.Errorf("vendors.doc is written as\n%s\nwant it to hold\n%s", b, want)
	}
	var d vendorDoc
	if err := d.Scan(b); err != nil {
		t.Fatal(err)
	}
	var got catalog.Vendor
	d.fill(&got)
	if !slices.Equal(got.IssueExperience, v.IssueExperience) || !slices.Equal(got.AudienceExperience, v.AudienceExperience) ||
		got.Labor == nil || *got.Labor != *v.Labor {
		t.Errorf("read back as issues %v audiences %v labor %+v", got.IssueExperience, got.AudienceExperience, got.Labor)
	}

	var old vendorDoc
	if err := old.Scan(storedDoc); err != nil {
		t.Fatal(err)
	}
	r := vendorRow{ID: v.ID, Slug: v.Slug, Name: v.Name, Status: v.Status, Doc: old}
	if back := r.toVendor(nil); back.IssueExperience == nil || len(back.IssueExperience) != 0 ||
		back.AudienceExperience == nil || len(back.AudienceExperience) != 0 || back.Labor != nil {
		t.Errorf("an older doc reads as issues %#v audiences %#v labor %+v; want [] [] nil",
			back.IssueExperience, back.AudienceExperience, back.Labor)
	}
}

// The audit log keeps every field of a vendor under the API's names, the
// website and description even when empty, so that clearing one is logged.
func TestVendorAuditKeys(t *testing.T) {
	t.Parallel()
	v := testVendor("p")
	v.Website = ""
	f, err := fields(auditOf(v))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "slug", "name", "status", "website", "description", "serves", "works_against_incumbents",
		"union_shop", "sites", "services", "dialing_modes", "languages", "capacity", "rates", "certifications",
		"state_experience", "issue_experience", "audience_experience", "labor", "metrics"} {
		if _, ok := f[k]; !ok {
			t.Errorf("the audit of a vendor lacks %q", k)
		}
	}
	if string(f["website"]) != `""` || string(f["labor"]) != "null" || len(f) != 21 {
		t.Errorf("audit fields: %d, website %s", len(f), f["website"])
	}
	if auditOf(nil) != nil {
		t.Error("a vendor that did not exist is audited as a value")
	}
}
