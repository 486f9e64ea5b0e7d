package meili

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"callmatch/catalog"
)

// Index settings. Searchable attributes are listed by importance: a word in
// a name outranks the same word in a description.
var (
	searchableAttributes = []string{"name", "cities", "keywords", "description"}
	filterableAttributes = []string{"languages", "services", "serves", "states", "onshore",
		"union_shop", "status", "cert_terms", "issue_experience", "audience_experience"}
	sortableAttributes = []string{"name", "lowest_rate_cents", "hourly_cost_cents", "total_seats"}
)

// maxTotalHits lets page-based pagination count every hit, so that "total"
// is exact rather than capped at Meilisearch's default of 1000. Facet counts
// are exact regardless.
const maxTotalHits = 1_000_000

// maxValuesPerFacet covers every language code (184) and state (51), so
// that facet counts never silently drop a value.
const maxValuesPerFacet = 200

// taskPoll is how often a waiting caller asks whether a task has finished;
// it bounds the lag it adds to every relayed write.
const taskPoll = 20 * time.Millisecond

// settings are what Ensure applies. Two trade ranking finesse we do not
// need for indexing time, which is what a relayed write waits for:
// proximity counts only whether words share an attribute (names and
// descriptions are short), and facet search, which our API never offers,
// is switched off (see Ensure: the settings type cannot say false).
func settings() *meilisearch.Settings {
	return &meilisearch.Settings{
		ProximityPrecision:   meilisearch.ByAttribute,
		SearchableAttributes: searchableAttributes,
		FilterableAttributes: filterableAttributes,
		SortableAttributes:   sortableAttributes,
		DisplayedAttributes:  []string{"*"},
		Faceting:             &meilisearch.Faceting{MaxValuesPerFacet: maxValuesPerFacet},
		Pagination:           &meilisearch.Pagination{MaxTotalHits: maxTotalHits},
		TypoTolerance:        typoTolerance(),
		Synonyms:             stateSynonyms,
	}
}

// typoTolerance forgives one typo from four letters on, not five as
// Meilisearch does by default: state names are short ("ohoi", "Iwoa",
// "Uath" are one transposition away), and a swap counts as one typo.
// Two typos start at nine letters, as by default.
func typoTolerance() *meilisearch.TypoTolerance {
	return &meilisearch.TypoTolerance{Enabled: true,
		MinWordSizeForTypos: meilisearch.MinWordSizeForTypos{OneTypo: 4, TwoTypos: 9},
		DisableOnWords:      []string{}, DisableOnAttributes: []string{}}
}

// stateSynonyms let a USPS code find the vendors whose keywords spell the
// state out ("tx" → Texas, "nm" → New Mexico, Nuevo México): codes are
// too short to be corrected or matched as prefixes of a name. Names in
// both languages are keywords already. A code that is also a word ("in",
// "or", "me") only adds the state as an alternative to that word, which
// the query's other words still narrow.
var stateSynonyms = func() map[string][]string {
	m := make(map[string][]string, len(catalog.StateNames))
	for code, n := range catalog.StateNames {
		m[strings.ToLower(code)] = []string{strings.ToLower(n.EN)}
	}
	return m
}()

// Ensure creates the index if it is missing and applies the settings if
// they differ, waiting until both are in force. It is idempotent and cheap
// when nothing changed, so it runs at every start-up and after every outage
// (a Meilisearch that lost its data comes back without the index).
func (ix *Index) Ensure(ctx context.Context) error {
	return ix.ensure(ctx, ix.uid)
}

func (ix *Index) ensure(ctx context.Context, uid string) error {
	if _, err := ix.sm.GetIndex(ctx, uid); err != nil {
		if !isIndexNotFound(err) {
			return classify("get index", err)
		}
		if uid == ix.uid {
			// On a first start, or after Meilisearch lost its data, the
			// outbox cannot fill the index: it holds only changes not yet
			// relayed.
			ix.log.Warn("search index was missing and is created now; vendors not changed since appear only after `callmatch reindex`", "index", uid)
		}
		task, err := ix.sm.CreateIndex(ctx, &meilisearch.IndexConfig{Uid: uid, PrimaryKey: "id"})
		if err != nil {
			return classify("create index", err)
		}
		// Two instances starting together both try; the loser's task fails
		// with index_already_exists, which is what it wanted anyway.
		if err := ix.wait(ctx, task); err != nil && !isIndexExists(err) {
			return err
		}
	}
	got, err := ix.sm.Index(uid).GetSettings(ctx)
	if err != nil {
		return classify("get settings", err)
	}
	want := settings()
	if !settingsMatch(got, want) {
		ix.log.Info("applying search index settings", "index", uid)
		task, err := ix.sm.Index(uid).UpdateSettings(ctx, want)
		if err != nil {
			return classify("update settings", err)
		}
		if err := ix.wait(ctx, task); err != nil {
			return err
		}
	}
	if got.FacetSearch {
		task, err := ix.sm.Index(uid).UpdateFacetSearch(ctx, false)
		if err != nil {
			return classify("update facet search", err)
		}
		return ix.wait(ctx, task)
	}
	return nil
}

// settingsMatch compares what Ensure sets; everything else keeps
// Meilisearch's defaults.
func settingsMatch(got, want *meilisearch.Settings) bool {
	sameSet := func(a, b []string) bool {
		a, b = slices.Clone(a), slices.Clone(b)
		slices.Sort(a)
		slices.Sort(b)
		return slices.Equal(a, b)
	}
	return got.ProximityPrecision == want.ProximityPrecision &&
		slices.Equal(got.SearchableAttributes, want.SearchableAttributes) &&
		sameSet(got.FilterableAttributes, want.FilterableAttributes) &&
		sameSet(got.SortableAttributes, want.SortableAttributes) &&
		slices.Equal(got.DisplayedAttributes, want.DisplayedAttributes) &&
		got.Faceting != nil && got.Faceting.MaxValuesPerFacet == want.Faceting.MaxValuesPerFacet &&
		got.Pagination != nil && got.Pagination.MaxTotalHits == want.Pagination.MaxTotalHits &&
		got.TypoTolerance != nil && got.TypoTolerance.Enabled && got.TypoTolerance.MinWordSizeForTypos == want.TypoTolerance.MinWordSizeForTypos &&
		len(got.TypoTolerance.DisableOnWords) == 0 && len(got.TypoTolerance.DisableOnAttributes) == 0 &&
		maps.EqualFunc(got.Synonyms, want.Synonyms, sameSet)
}

// wait blocks until the task has finished and turns a failed or canceled
// task into an error.
func (ix *Index) wait(ctx context.Context, info *meilisearch.TaskInfo) error {
	task, err := ix.sm.WaitForTask(ctx, info.TaskUID, taskPoll)
	if err != nil {
		return classify("wait for task", err)
	}
	if task.Status != meilisearch.TaskStatusSucceeded {
		return &taskError{uid: task.UID, typ: string(task.Type), status: string(task.Status),
			code: string(task.Error.Code), msg: task.Error.Message}
	}
	return nil
}

// taskError is a task Meilisearch accepted and then refused to apply: the
// content is at fault, not the connection.
type taskError struct {
	uid               int64
	typ, status, code string
	msg               string
}

func (e *taskError) Error() string {
	return fmt.Sprintf("meilisearch task %d (%s) %s: %s: %s", e.uid, e.typ, e.status, e.code, e.msg)
}

func isIndexNotFound(err error) bool {
	me, ok := asMeiliError(err)
	return ok && me.HasCode(meilisearch.APIErrCodeIndexNotFound)
}

func isIndexExists(err error) bool {
	te, ok := err.(*taskError)
	return ok && te.code == string(meilisearch.APIErrCodeIndexAlreadyExists)
}
