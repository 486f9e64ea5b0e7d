package benchcmp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"callmatch/catalog"
	"callmatch/meili"
)

// Meili is a Meilisearch index holding the comparison's catalog as the
// search index holds it: the meili package's settings and documents.
type Meili struct {
	url, key, uid string
	// A fresh connection per query: Meilisearch writes a response's head
	// and body apart, and on a kept-alive connection Linux's delayed ACK
	// would add 40 ms to each (see meili/quickack_linux.go), which is not
	// the engine's cost.
	client *http.Client
}

// IndexVendors creates index uid with the search index's settings and
// loads vendors into it, waiting until Meilisearch has indexed them all.
func IndexVendors(ctx context.Context, url, key, uid string, vendors []*catalog.Vendor) (*Meili, error) {
	ix, err := meili.New(meili.Config{URL: url, MasterKey: key, Index: uid})
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	if err := ix.Ensure(ctx); err != nil {
		return nil, fmt.Errorf("meilisearch settings: %w", err)
	}
	docs := make([]meili.Document, len(vendors))
	for i, v := range vendors {
		docs[i] = meili.NewDocument(v, 1)
	}
	sm := meilisearch.New(url, meilisearch.WithAPIKey(key))
	defer sm.Close()
	pk := "id"
	tasks, err := sm.Index(uid).AddDocumentsInBatches(ctx, docs, 10_000, &meilisearch.DocumentOptions{PrimaryKey: &pk})
	if err != nil {
		return nil, fmt.Errorf("meilisearch load: %w", err)
	}
	for _, t := range tasks {
		task, err := sm.WaitForTask(ctx, t.TaskUID, 100*time.Millisecond)
		if err != nil {
			return nil, fmt.Errorf("meilisearch load: %w", err)
		}
		if task.Status != meilisearch.TaskStatusSucceeded {
			return nil, fmt.Errorf("meilisearch load: task %d %s: %s", task.UID, task.Status, task.Error.Message)
		}
	}
	return &Meili{url: url, key: key, uid: uid,
		client: &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}}, nil
}

// MeiliFilter is the part of the knockouts a Meilisearch filter can
// express over the search documents: status, affiliation, services,
// languages with seats, union shop, onshore and certifications in force
// over the whole window. Capacity, ramp-up, dialing modes, rates and
// against_incumbent have no field in the document, so the filter lets
// through a superset of the eligible vendors.
func MeiliFilter(p Params) []string {
	q := strconv.Quote
	f := []string{`status = "active"`, "serves = " + q(p.Affiliation)}
	for _, s := range p.Services {
		f = append(f, "services = "+q(s))
	}
	for _, l := range p.LanguageCodes {
		f = append(f, "languages = "+q(l))
	}
	if p.Union {
		f = append(f, "union_shop = true")
	}
	if p.Domestic {
		f = append(f, "onshore = true")
	}
	start, end := dayNumber(p.Start), dayNumber(p.End)
	for _, k := range p.Certs {
		f = append(f, fmt.Sprintf("cert_terms.%[1]s.from <= %[2]d AND cert_terms.%[1]s.until >= %[3]d", k, start, end))
	}
	return f
}

func dayNumber(iso string) int64 {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		panic(err) // Params holds dates it formatted itself
	}
	return t.Unix() / 86400
}

// MeiliResult is one filtered search.
type MeiliResult struct {
	IDs              []string
	Total            int64 // exact number of vendors the filter lets through
	ProcessingTimeMs int64 // Meilisearch's own figure, without HTTP
}

// Search runs the filter sorted by lowest rate, the nearest to a ranking
// Meilisearch can do (it cannot weigh criteria computed per request), and
// returns the first hits page of size hits.
func (m *Meili) Search(ctx context.Context, filter []string, hits int) (*MeiliResult, error) {
	body, err := json.Marshal(map[string]any{
		"q": "", "filter": filter, "sort": []string{"lowest_rate_cents:asc"},
		"page": 1, "hitsPerPage": hits, "attributesToRetrieve": []string{"id"},
	})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.url+"/indexes/"+m.uid+"/search", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+m.key)
	resp, err := m.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("meilisearch search: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("meilisearch search: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("meilisearch search: %s: %s", resp.Status, raw)
	}
	var out struct {
		Hits             []struct{ ID string }
		TotalHits        int64 `json:"totalHits"`
		ProcessingTimeMs int64 `json:"processingTimeMs"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("meilisearch search: %w", err)
	}
	r := &MeiliResult{Total: out.TotalHits, ProcessingTimeMs: out.ProcessingTimeMs}
	for _, h := range out.Hits {
		r.IDs = append(r.IDs, h.ID)
	}
	return r, nil
}
