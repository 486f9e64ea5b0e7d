package meili

import (
	"context"
	"errors"

	"github.com/meilisearch/meilisearch-go"
)

var primaryKey = "id"

// enqueue sends whole documents (each replaces the stored one, so a field
// dropped from a vendor disappears from the index) and deletions to index
// uid, and returns the tasks to wait for.
func (ix *Index) enqueue(ctx context.Context, uid string, docs []Document, gone []string) ([]*meilisearch.TaskInfo, error) {
	var tasks []*meilisearch.TaskInfo
	idx := ix.sm.Index(uid)
	if len(docs) > 0 {
		t, err := idx.AddDocuments(ctx, docs, &meilisearch.DocumentOptions{PrimaryKey: &primaryKey})
		if err != nil {
			return nil, classify("add documents", err)
		}
		tasks = append(tasks, t)
	}
	if len(gone) > 0 {
		t, err := idx.DeleteDocuments(ctx, gone, nil)
		if err != nil {
			return tasks, classify("delete documents", err)
		}
		tasks = append(tasks, t)
	}
	return tasks, nil
}

// waitAll waits for every task and returns the first failure.
func (ix *Index) waitAll(ctx context.Context, tasks []*meilisearch.TaskInfo) error {
	var errs []error
	for _, t := range tasks {
		if err := ix.wait(ctx, t); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// put writes documents and deletions to index uid and waits until they are
// applied.
func (ix *Index) put(ctx context.Context, uid string, docs []Document, gone []string) error {
	tasks, err := ix.enqueue(ctx, uid, docs, gone)
	if err != nil {
		return err
	}
	return ix.waitAll(ctx, tasks)
}
