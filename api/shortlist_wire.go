package api

import (
	"encoding/json"
	"time"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// ShortlistResponse is a shortlist: a decision record of one run of the
// engine on one intake, with every input that produced it, the result and
// the advisor's events beside it.
type ShortlistResponse struct {
	ID             string           `json:"id"`
	IntakeID       string           `json:"intake_id"`
	Version        int              `json:"version"` // 1, 2, 3… per intake
	CreatedAt      time.Time        `json:"created_at"`
	CreatedBy      string           `json:"created_by"` // who generated it
	IntakeVersion  int64            `json:"intake_version"`
	Weights        matching.Weights `json:"weights"` // as chosen, before normalization
	Method         string           `json:"method"`
	AsOf           callmatch.Date   `json:"as_of"`
	Limit          int              `json:"limit"`
	CatalogVersion string           `json:"catalog_version"`
	EngineVersion  string           `json:"engine_version"`
	// Result is the engine's answer exactly as stored, so that an old
	// record still says precisely what the engine said then, even after
	// matching.Result gains or loses fields.
	Result   json.RawMessage `json:"result"`
	Events   []EventResponse `json:"events"` // oldest first; a list, even when empty
	SharedAt *time.Time      `json:"shared_at"`
}

// EventResponse is an advisor's pin, drop or note beside a shortlist.
type EventResponse struct {
	ID       int64     `json:"id"`
	Type     string    `json:"type"`
	VendorID string    `json:"vendor_id,omitempty"`
	Reason   string    `json:"reason"`
	Actor    string    `json:"actor"` // who recorded it
	At       time.Time `json:"at"`
}

func shortlistResponse(sl *intake.Shortlist) ShortlistResponse {
	r := ShortlistResponse{ID: sl.ID, IntakeID: sl.IntakeID, Version: sl.Version, CreatedAt: sl.CreatedAt,
		CreatedBy: sl.CreatedBy, IntakeVersion: sl.IntakeVersion, Weights: sl.Weights, Method: sl.Method,
		AsOf: sl.AsOf, Limit: sl.Limit, CatalogVersion: sl.CatalogVersion, EngineVersion: sl.EngineVersion,
		Result: sl.ResultJSON, Events: make([]EventResponse, len(sl.Events)), SharedAt: sl.SharedAt}
	if r.Result == nil {
		// Not read from the store (nor made by the service, which keeps
		// the bytes it stores): encode what there is.
		r.Result, _ = json.Marshal(sl.Result)
	}
	for i, e := range sl.Events {
		r.Events[i] = EventResponse{ID: e.ID, Type: e.Type, VendorID: e.VendorID, Reason: e.Reason, Actor: e.Actor, At: e.At}
	}
	return r
}
