package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
)

// Periodic is a task run every Every (and once when a process becomes
// River's leader). Run must be safe to run again and to be cut short: it
// gets Timeout (default one minute) and is not retried within its period;
// an error is logged and the next period runs it again.
type Periodic struct {
	Name    string // unique; in logs and River's tables
	Every   time.Duration
	Timeout time.Duration
	Run     func(ctx context.Context) error
}

// periodicArgs is the job of one run of a periodic task.
type periodicArgs struct {
	Task string `json:"task"`
}

func (periodicArgs) Kind() string { return "periodic" }

type periodicWorker struct {
	river.WorkerDefaults[periodicArgs]
	tasks map[string]Periodic
	log   *slog.Logger
}

func addPeriodic(workers *river.Workers, tasks []Periodic, log *slog.Logger) ([]*river.PeriodicJob, error) {
	w := &periodicWorker{tasks: map[string]Periodic{}, log: log}
	var out []*river.PeriodicJob
	for _, p := range tasks {
		if p.Name == "" || p.Every <= 0 || p.Run == nil {
			return nil, fmt.Errorf("jobs: periodic task %q needs a name, a positive period and a func", p.Name)
		}
		if _, dup := w.tasks[p.Name]; dup {
			return nil, fmt.Errorf("jobs: two periodic tasks named %q", p.Name)
		}
		if p.Timeout <= 0 {
			p.Timeout = time.Minute
		}
		w.tasks[p.Name] = p
		args := periodicArgs{Task: p.Name}
		opts := &river.InsertOpts{
			MaxAttempts: 1, // the next period is the retry
			// One run per task per period, however many leaders came and
			// went in it (RunOnStart on each).
			UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: p.Every},
		}
		out = append(out, river.NewPeriodicJob(river.PeriodicInterval(p.Every),
			func() (river.JobArgs, *river.InsertOpts) { return args, opts },
			&river.PeriodicJobOpts{ID: p.Name, RunOnStart: true}))
	}
	if len(out) > 0 {
		if err := river.AddWorkerSafely(workers, w); err != nil {
			return nil, fmt.Errorf("jobs: %w", err)
		}
	}
	return out, nil
}

func (w *periodicWorker) Timeout(job *river.Job[periodicArgs]) time.Duration {
	return w.tasks[job.Args.Task].Timeout
}

func (w *periodicWorker) Work(ctx context.Context, job *river.Job[periodicArgs]) error {
	p, ok := w.tasks[job.Args.Task]
	if !ok {
		// Scheduled by a process of another version that has this task;
		// this one has not.
		return river.JobCancel(fmt.Errorf("no periodic task %q in this version", job.Args.Task))
	}
	began := time.Now()
	if err := p.Run(ctx); err != nil {
		w.log.Warn("periodic task failed; it runs again next period", slog.String("task", p.Name),
			slog.String("error", err.Error()))
		return err
	}
	w.log.Debug("periodic task done", slog.String("task", p.Name), slog.Duration("took", time.Since(began)))
	return nil
}
