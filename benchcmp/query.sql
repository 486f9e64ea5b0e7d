-- The engine's knockouts and SAW ranking (matching/doc.go) as one query
-- over the real schema: indexed columns for the cheap knockouts, the vendor
-- doc (jsonb) and the certifications table for the rest. $1 is Params as
-- JSON. Floating-point steps run in the engine's order so that scores come
-- out bit for bit the same, which TestAgreement checks. MATERIALIZED
-- keeps the planner, which cannot estimate rows coming out of jsonb,
-- from re-running a per-vendor step once per row of another.
WITH p AS (SELECT $1::jsonb AS j),
req AS (
  SELECT j->>'affiliation' AS aff,
    ARRAY(SELECT jsonb_array_elements_text(j->'services')) AS services,
    ARRAY(SELECT jsonb_array_elements_text(j->'language_codes')) AS langs,
    ARRAY(SELECT jsonb_array_elements_text(j->'certifications')) AS certs,
    ARRAY(SELECT jsonb_array_elements_text(j->'target_states')) AS states,
    ARRAY(SELECT jsonb_array_elements_text(j->'issue_areas')) AS issues,
    ARRAY(SELECT jsonb_array_elements_text(j->'audiences')) AS audiences,
    (j->>'min_wage')::bigint AS min_wage,
    ARRAY(SELECT jsonb_array_elements_text(j->'models')) AS models,
    (j->>'union')::bool AS union_required, (j->>'domestic')::bool AS domestic,
    (j->>'challenger')::bool AS challenger,
    (j->>'start')::date AS start_date, (j->>'end')::date AS end_date, (j->>'as_of')::date AS as_of,
    (j->>'inbound_rate')::float8 AS inbound_rate, (j->>'contact_rate')::float8 AS contact_rate,
    (j->>'max_hours')::float8 AS max_hours,
    (j->>'qa_weight')::float8 AS qa_w, (j->>'contact_weight')::float8 AS cr_w,
    (j->>'contact_ref')::float8 AS cr_ref, (j->>'self_reported')::float8 AS self_reported,
    (j->>'trivial')::float8 AS trivial, (j->>'dangerous')::float8 AS dangerous,
    (j->>'penalty')::float8 AS penalty, (j->>'full_slack')::int AS full_slack,
    (j->'weights'->>0)::float8 AS w_cost, (j->'weights'->>1)::float8 AS w_quality,
    (j->'weights'->>2)::float8 AS w_capacity, (j->'weights'->>3)::float8 AS w_experience,
    (j->'weights'->>4)::float8 AS w_readiness
  FROM p
),
svc AS (
  SELECT s.* FROM p, jsonb_to_recordset(p.j->'slices') AS s(i int, service text, dials float8,
    completes float8, inbound bool, open_share float8, open_modes text[], res_share float8, res_modes text[])
),
mode_rate AS (
  SELECT key AS mode, value::text::float8 AS rate FROM p, jsonb_each(p.j->'mode_rates')
),
lang AS (
  SELECT l.* FROM p, jsonb_to_recordset(p.j->'languages') AS l(k int, code text, share float8)
),
-- Knockouts on columns and certifications: not_active, affiliation,
-- service, language, union, offshore, against_incumbent, certifications,
-- wage_floor_not_met (a vendor without labor declares no floor).
cand AS MATERIALIZED (
  SELECT v.id, v.name,
    -- Each -> on doc detoasts it again; take the parts once.
    v.doc->'dialing_modes' AS modes, v.doc->'rates' AS rates, v.doc->'languages' AS lang_seats,
    v.doc->'capacity'->'calendar' AS calendar, v.doc->'sites' AS sites, v.doc->'metrics' AS metrics,
    v.doc->'state_experience' AS state_experience,
    v.doc->'issue_experience' AS issue_experience, v.doc->'audience_experience' AS audience_experience,
    (v.doc->'capacity'->>'ramp_up_days')::int AS ramp_up,
    least((v.doc->'capacity'->>'hours_per_day')::float8, r.max_hours) AS hpd,
    greatest(r.start_date, r.as_of + (v.doc->'capacity'->>'ramp_up_days')::int) AS call_start
  FROM vendors v, req r
  WHERE v.status = 'active'
    AND v.serves @> ARRAY[r.aff]
    AND v.services @> r.services
    AND v.languages @> r.langs
    AND (v.union_shop OR NOT r.union_required)
    AND (v.onshore OR NOT r.domestic)
    AND (NOT r.challenger OR coalesce((v.doc->>'works_against_incumbents')::bool, false))
    AND (r.min_wage <= 0 OR coalesce((v.doc->'labor'->>'agent_wage_floor_cents')::bigint, -1) >= r.min_wage)
    AND NOT EXISTS (
      SELECT 1 FROM unnest(r.certs) AS k(kind)
      WHERE NOT EXISTS (
        SELECT 1 FROM certifications c
        WHERE c.vendor_id = v.id AND c.kind = k.kind AND c.status = 'verified'
          AND (c.issued_on IS NULL OR c.issued_on <= r.start_date) AND c.expires_on >= r.end_date))
),
-- Per service: agent-hours with the vendor's fastest allowed mode for each
-- slice (NULL: dialing_mode_not_allowed) and the first usable rate (NULL:
-- no_rate_for_service).
work AS MATERIALIZED (
  SELECT c.id, s.i,
    CASE WHEN s.inbound THEN s.dials / r.inbound_rate
    ELSE (CASE WHEN s.open_share > 0 THEN s.dials * s.open_share / (
            SELECT max(mr.rate) FROM jsonb_array_elements_text(c.modes) AS m(mode)
            JOIN mode_rate mr USING (mode) WHERE m.mode = ANY (s.open_modes)) ELSE 0 END)
       + (CASE WHEN s.res_share > 0 THEN s.dials * s.res_share / (
            SELECT max(mr.rate) FROM jsonb_array_elements_text(c.modes) AS m(mode)
            JOIN mode_rate mr USING (mode) WHERE m.mode = ANY (s.res_modes)) ELSE 0 END)
    END AS hours,
    s.dials, s.completes, rt.x AS rate
  FROM cand c CROSS JOIN svc s CROSS JOIN req r
  LEFT JOIN LATERAL (
    SELECT t.x FROM jsonb_array_elements(c.rates) WITH ORDINALITY AS t(x, o)
    WHERE t.x->>'service' = s.service AND (t.x->>'amount_cents')::bigint > 0 AND t.x->>'model' = ANY (r.models)
    ORDER BY t.o LIMIT 1) rt ON true
),
priced AS MATERIALIZED (
  SELECT w.id, w.i, w.hours, w.rate IS NOT NULL AND w.hours IS NOT NULL AS ok,
    greatest(
      -- math.Round: half away from zero
      (SELECT CASE WHEN x - floor(x) >= 0.5 THEN ceil(x) ELSE floor(x) END FROM (SELECT
        CASE w.rate->>'model'
          WHEN 'per_agent_hour' THEN (w.rate->>'amount_cents')::bigint::float8 * w.hours
          WHEN 'per_contact' THEN (w.rate->>'amount_cents')::bigint::float8 * w.dials * r.contact_rate
          WHEN 'per_complete' THEN (w.rate->>'amount_cents')::bigint::float8 * w.completes
          ELSE (w.rate->>'amount_cents')::bigint::float8 * w.dials
        END AS x) q)::bigint,
      greatest(coalesce((w.rate->>'minimum_cents')::bigint, 0), 0)) AS cents
  FROM work w, req r
),
per_vendor AS MATERIALIZED (
  SELECT id, bool_and(ok) AS ok, sum(hours ORDER BY i) AS hours, sum(cents)::float8 AS cost
  FROM priced GROUP BY id
),
-- Load: ramp_up_too_long when no calling day is left; seats needed on
-- every calling day.
loaded AS MATERIALIZED (
  SELECT c.*, pv.hours, pv.cost,
    pv.hours / ((r.end_date - c.call_start)::float8 * c.hpd) AS seats,
    c.call_start - (extract(isodow FROM c.call_start)::int - 1) AS first_week,
    (r.end_date - 1) - (extract(isodow FROM r.end_date - 1)::int - 1) AS last_week
  FROM cand c JOIN per_vendor pv USING (id), req r
  WHERE pv.ok AND r.end_date - c.call_start > 0 AND c.hpd > 0
),
-- Capacity per language (language_not_covered, insufficient_capacity) and
-- per week: the fewest bookable seats in any week of the calling window,
-- a week absent from the calendar having the sum of site seats. LATERAL
-- keeps them per vendor: as joins of CTEs the planner, expecting one row
-- each, would pair every vendor with every other.
criteria AS (
  SELECT ld.id, ld.name, ld.cost,
    (r.qa_w * (ld.metrics->>'qa_score')::float8
      + r.cr_w * least(1, (ld.metrics->>'contact_rate')::float8 / r.cr_ref))
      * CASE WHEN (ld.metrics->>'verified')::bool THEN 1 ELSE r.self_reported END AS quality,
    greatest(lf.util, ld.seats / wf.fewest) AS util,
    (SELECT count(DISTINCT s) FROM jsonb_array_elements_text(ld.state_experience) AS s
      WHERE s = ANY (r.states)) AS known_states,
    -- Messaging goals count like states; an intake without them adds 0.
    (SELECT count(DISTINCT s) FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(ld.issue_experience) = 'array' THEN ld.issue_experience ELSE '[]' END) AS s
      WHERE s = ANY (r.issues))
    + (SELECT count(DISTINCT s) FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(ld.audience_experience) = 'array' THEN ld.audience_experience ELSE '[]' END) AS s
      WHERE s = ANY (r.audiences)) AS known_goals,
    least(greatest(r.start_date - (r.as_of + ld.ramp_up), 0), r.full_slack)::float8 AS readiness
  FROM loaded ld CROSS JOIN req r
  CROSS JOIN LATERAL (
    SELECT bool_and(x.seats_in >= x.need) AS fits, max(x.need / x.seats_in) AS util
    FROM (
      SELECT ld.seats * lg.share AS need,
        (SELECT (e.x->>'seats')::int FROM jsonb_array_elements(ld.lang_seats) WITH ORDINALITY AS e(x, o)
          WHERE e.x->>'code' = lg.code ORDER BY e.o LIMIT 1)::float8 AS seats_in
      FROM lang lg) x) lf
  CROSS JOIN LATERAL (
    SELECT CASE WHEN cal.listed < (ld.last_week - ld.first_week) / 7 + 1
        THEN least(coalesce(cal.fewest, 2147483647), site.total) ELSE cal.fewest END::float8 AS fewest
    FROM (
      SELECT count(*) AS listed, min((w->>'seats_available')::int) AS fewest
      FROM jsonb_array_elements(ld.calendar) AS w, LATERAL (SELECT (w->>'week_start')::date AS d) wd
      WHERE wd.d - (extract(isodow FROM wd.d)::int - 1) BETWEEN ld.first_week AND ld.last_week) cal,
    (SELECT coalesce(sum((s->>'seats')::int), 0) AS total FROM jsonb_array_elements(ld.sites) AS s) site) wf
  WHERE lf.fits AND wf.fewest >= ld.seats
),
raw AS (
  SELECT c.id, c.name, c.cost, c.quality, c.readiness,
    greatest(CASE WHEN c.util > r.dangerous THEN f.fit * r.penalty ELSE f.fit END, 0) AS capacity,
    (c.known_states + cardinality(r.services) + c.known_goals)::float8
      / (cardinality(r.states) + cardinality(r.services) + cardinality(r.issues) + cardinality(r.audiences))::float8 AS experience
  FROM criteria c, req r,
    LATERAL (SELECT CASE WHEN c.util < r.trivial THEN (1 - c.util) * (0.5::float8 + 0.5::float8 * c.util / r.trivial)
      ELSE 1 - c.util END AS fit) f
),
-- SAW: cost min/x (a cost of 0 is 1), benefit x/max (0 for all when the
-- best is 0); the score adds contributions in criterion order.
ranges AS (
  SELECT raw.*, min(cost) OVER () AS lo_cost, max(quality) OVER () AS hi_quality,
    max(capacity) OVER () AS hi_capacity, max(experience) OVER () AS hi_experience,
    max(readiness) OVER () AS hi_readiness
  FROM raw
)
SELECT g.id::text, g.name,
  r.w_cost * CASE WHEN g.cost <= 0 THEN 1 ELSE greatest(g.lo_cost, 0) / g.cost END
  + r.w_quality * CASE WHEN g.hi_quality > 0 THEN g.quality / g.hi_quality ELSE 0 END
  + r.w_capacity * CASE WHEN g.hi_capacity > 0 THEN g.capacity / g.hi_capacity ELSE 0 END
  + r.w_experience * CASE WHEN g.hi_experience > 0 THEN g.experience / g.hi_experience ELSE 0 END
  + r.w_readiness * CASE WHEN g.hi_readiness > 0 THEN g.readiness / g.hi_readiness ELSE 0 END AS score
FROM ranges g, req r
ORDER BY score DESC, g.name, g.id
