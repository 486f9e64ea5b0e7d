// Package matching is the engine: the demand model, knockouts and
// explainable SAW/TOPSIS scoring of DOMAIN.md §5–8. It is a pure function
// of a catalog snapshot, a request and options (with the as-of date): no
// I/O, no clock, no randomness. NewCatalog (or a CatalogBuilder, fed one
// vendor at a time) prepares a snapshot once; Match runs against it; Rank
// scores any decision matrix with the same normalization and scoring code.
//
// Where DOMAIN.md is silent the engine decides as follows; every figure
// involved is in Assumptions and is echoed in demand.assumptions.
//
//   - Services. Dials (records × attempts) are
//     split equally among the requested services; a polling completes
//     target is its own workload. Each service is priced with its own rate
//     and minimum. ivr_broadcast calls prerecorded only; p2p_texting sends
//     p2p_sms to the whole list; inbound_hotline needs no dialing mode;
//     every other service is live voice.
//   - Slices. Cells without consent are reached only by manual or
//     click_to_dial (the faster the vendor has); landlines and consented
//     cells by the vendor's fastest live mode. Prerecorded never reaches
//     cells without consent and nowhere when every target state bans
//     automated political calls; partial bans and live-operator states are
//     warnings. A slice with no allowed mode is dialing_mode_not_allowed.
//   - Knockouts. Modes and rates are judged only for services the vendor
//     offers. Capacity is checked when the vendor has calling days and a
//     lawful mode for every slice; "no X seats" is language_not_covered,
//     too few is insufficient_capacity, as is any week of the calling
//     window with fewer bookable seats than needed.
//   - Bookings (Catalog.WithBookings, MARKETPLACE.md §1). Free seats
//     replace declared seats in the knockout, the capacity criterion and
//     the shares warned about: a week's free seats are its declared seats
//     less its bookings, a language's are the language's seats less its
//     bookings in that week, so booked vendors' language seats are per
//     week. The bookings of Options.IntakeID never count. A week with
//     bookings that is short reads "week of W: D seats declared, B booked,
//     F free; needs N"; one without, as before. Book sizes an
//     engagement's bookings with the same demand model. A certification counts
//     when verified, issued on or before start_date and expiring on or
//     after end_date; a verified one lapsing before end_date is
//     certification_expired, anything else certification_missing.
//     ramp_up_too_long means no calling day is left. Each code appears once
//     per vendor; its detail lists every item ("no Spanish seats; needs
//     3.1"), seats rounded up to a tenth.
//   - Demand. The result-level demand uses no ramp-up and the fastest lawful
//     mode per slice at planning_hours_per_day; vendors are sized with their
//     own modes, ramp-up and hours per day (capped at 13: 8 a.m.–9 p.m.).
//     Contact and cooperation rates are the assumptions, never a vendor's.
//   - Criteria. cost: projected cents. quality: (qa + contact rate against
//     a 25% reference) / 2, × 0.8 when self-reported. capacity: headroom
//     1 − u, u the program's share of the vendor's tightest week or
//     language, scaled down below 2% and halved above 80%. experience:
//     (target states in state_experience + requested services) / (target
//     states + requested services). readiness: slack days from ready to
//     start, clamped to 0–30.
//   - Scoring. SAW: benefit x/max, cost min/x; a benefit column whose best
//     value is 0 normalizes to 0 for all; a cost of 0 normalizes to 1.
//     TOPSIS: vector normalization, closeness D⁻/(D⁺+D⁻), 0.5 when both are
//     0; its factors split the closeness in proportion to each criterion's
//     squared distance from the anti-ideal, so for both methods the
//     contributions add up to the score.
//   - Ranking. Scores within 1e-9 of the highest score of their group
//     tie, measured from that score, not chained from the previous one
//     (competition ranks 1, 1, 3). Tied vendors are listed by name, then
//     id; ties lists their vendor ids. A limit never cuts a tie: the whole
//     tie at the boundary stays. Excluded vendors are listed by name, then
//     id; warnings never change a score.
package matching
