package meili

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/meilisearch/meilisearch-go"
)

// ReindexReport says what a rebuild did.
type ReindexReport struct {
	Built    string // the uid the new index was built under
	Vendors  int    // documents loaded in the first pass
	CaughtUp int    // vendors written or deleted again because they changed during the load
	Took     time.Duration
}

// loadBatch is the number of documents per bulk-load task: large enough
// for Meilisearch to index efficiently, small enough to stay well under its
// payload limit.
const loadBatch = 5000

// Reindex builds a fresh index from PostgreSQL under a new name with the
// same settings, swaps it with the live one atomically, and deletes the old
// one. Searches see the old index until the swap and the complete new one
// after it, never an empty or partial one.
//
// Writes made during the rebuild reach the new index either way: the load
// reads a snapshot together with every vendor's version; then, holding the
// search lock exclusively so that no relay is between reading a vendor and
// enqueueing it, the rebuild re-reads the vendors whose version moved since,
// writes them into the new index and swaps. A relay write enqueued before
// the lock lands in the old index before the swap and is covered by the
// re-read; one enqueued after the lock lands in the new index.
func Reindex(ctx context.Context, src Source, ix *Index) (*ReindexReport, error) {
	began := time.Now()
	rep := &ReindexReport{Built: ix.uid + "_" + strconv.FormatInt(began.UnixMilli(), 10)}
	ix.dropStale(ctx)
	if err := ix.ensure(ctx, rep.Built); err != nil {
		return nil, fmt.Errorf("reindex: create %s: %w", rep.Built, err)
	}
	built := false
	defer func() {
		if !built { // leave no half-built index behind
			ix.dropIndex(context.WithoutCancel(ctx), rep.Built)
		}
	}()

	loaded, err := ix.load(ctx, src, rep.Built)
	if err != nil {
		return nil, err
	}
	rep.Vendors = len(loaded)

	lockCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	release, err := src.Lock.ExclusiveSearchLock(lockCtx)
	cancel()
	if err != nil {
		return nil, fmt.Errorf("reindex: wait for relays: %w", err)
	}
	rep.CaughtUp, err = ix.catchUp(ctx, src, rep.Built, loaded)
	renamed := false
	if err == nil {
		renamed, err = ix.swap(ctx, rep.Built)
	}
	release()
	if err != nil {
		return nil, err
	}
	built = true
	if !renamed {
		// The old index now has the new one's name; nothing reads it.
		ix.dropIndex(ctx, rep.Built)
	}
	rep.Took = time.Since(began)
	return rep, nil
}

// load writes every vendor into index uid, loadBatch at a time, and
// returns the version each document was stamped with. Each batch is read in
// one snapshot with its versions (Source.documents), so a stamp is exactly
// its content's version, and only one batch of vendors is in memory at a
// time: a rebuild of 100k vendors holds 5,000 of them, not all. Vendors
// created or deleted while it runs are left to catchUp.
func (ix *Index) load(ctx context.Context, src Source, uid string) (map[string]int64, error) {
	versions, err := src.Vendors.VendorVersions(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("reindex: %w", err)
	}
	ids := make([]string, 0, len(versions))
	for id := range versions {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	loaded := make(map[string]int64, len(ids))
	var tasks []*meilisearch.TaskInfo
	for chunk := range slices.Chunk(ids, loadBatch) {
		docs, _, err := src.documents(ctx, chunk)
		if err != nil {
			return nil, fmt.Errorf("reindex: %w", err)
		}
		ts, err := ix.enqueue(ctx, uid, docs, nil)
		if err != nil {
			return nil, fmt.Errorf("reindex: load: %w", err)
		}
		tasks = append(tasks, ts...)
		for _, d := range docs {
			loaded[d.ID] = d.Version
		}
	}
	if err := ix.waitAll(ctx, tasks); err != nil {
		return nil, fmt.Errorf("reindex: load: %w", err)
	}
	return loaded, nil
}

// catchUp re-reads every vendor created, changed or deleted since load
// read its versions and applies it to index uid.
func (ix *Index) catchUp(ctx context.Context, src Source, uid string, loaded map[string]int64) (int, error) {
	now, err := src.Vendors.VendorVersions(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("reindex: %w", err)
	}
	var changed, gone []string
	for id, v := range now {
		if lv, ok := loaded[id]; !ok || lv != v {
			changed = append(changed, id)
		}
	}
	for id := range loaded {
		if _, ok := now[id]; !ok {
			gone = append(gone, id)
		}
	}
	docs, deleted, err := src.documents(ctx, changed)
	if err != nil {
		return 0, fmt.Errorf("reindex: catch up: %w", err)
	}
	gone = append(gone, deleted...)
	if err := ix.put(ctx, uid, docs, gone); err != nil {
		return 0, fmt.Errorf("reindex: catch up: %w", err)
	}
	return len(docs) + len(gone), nil
}

// swap makes index uid the live one. The first rebuild finds no live index
// and renames instead; should a starting relay create the live index in
// the meantime, the rename fails and the swap is tried again.
func (ix *Index) swap(ctx context.Context, uid string) (renamed bool, err error) {
	for attempt := 1; ; attempt++ {
		_, err := ix.sm.GetIndex(ctx, ix.uid)
		if err != nil && !isIndexNotFound(err) {
			return false, fmt.Errorf("reindex: swap: %w", classify("get index", err))
		}
		rename := err != nil
		task, err := ix.sm.SwapIndexes(ctx, []*meilisearch.SwapIndexesParams{{Indexes: []string{uid, ix.uid}, Rename: rename}})
		if err != nil {
			return false, fmt.Errorf("reindex: swap: %w", classify("swap indexes", err))
		}
		err = ix.wait(ctx, task)
		if err == nil {
			return rename, nil
		}
		if !rename || attempt == 2 {
			return false, fmt.Errorf("reindex: swap: %w", err)
		}
	}
}

// dropIndex deletes an index, logging rather than failing: a leftover is
// removed by the next rebuild.
func (ix *Index) dropIndex(ctx context.Context, uid string) {
	task, err := ix.sm.DeleteIndex(ctx, uid)
	if err == nil {
		err = ix.wait(ctx, task)
	}
	if te := (*taskError)(nil); errors.As(err, &te) && te.code == string(meilisearch.APIErrCodeIndexNotFound) {
		return
	}
	if err != nil && !isIndexNotFound(err) {
		ix.log.Warn("could not delete search index", "index", uid, "error", err.Error())
	}
}

// staleAfter is how old a leftover build must be before a rebuild deletes
// it: younger ones may belong to a rebuild still running elsewhere.
const staleAfter = 6 * time.Hour

// dropStale deletes indexes left by rebuilds that died.
func (ix *Index) dropStale(ctx context.Context) {
	res, err := ix.sm.ListIndexes(ctx, &meilisearch.IndexesQuery{Limit: 1000})
	if err != nil {
		return // the rebuild itself will report the engine's trouble
	}
	for _, r := range res.Results {
		if strings.HasPrefix(r.UID, ix.uid+"_") && time.Since(r.CreatedAt) > staleAfter {
			ix.log.Info("deleting leftover search index", "index", r.UID)
			ix.dropIndex(ctx, r.UID)
		}
	}
}
