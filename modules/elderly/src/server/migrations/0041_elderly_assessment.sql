-- 养老服务, part 3: 老年人能力评估 (GB/T 42195-2022). One row per assessment of a registry person;
-- the scores and levels are computed by the server on completion (never taken from the client) and
-- frozen with the row. Columns marked CONTRACT are read by other parts (allowances, care plans);
-- see docs/api/elderly-assessment-contract.md.

CREATE TABLE elderly_assessment (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),                                 -- CONTRACT
  person_id          uuid NOT NULL REFERENCES registry_person (id),                               -- CONTRACT
  -- The person's region on the assessment date: decides who sees the row (RLS) and never follows a later move.
  region_code        varchar(12) NOT NULL REFERENCES region (code),                               -- CONTRACT
  -- Copies for lists and the report: the row stays readable after the person moves out of scope.
  person_name        text NOT NULL,
  id_masked          varchar(18) NOT NULL,
  assessed_on        date NOT NULL,                                                               -- CONTRACT
  reason             text NOT NULL DEFAULT 'initial' CHECK (reason IN ('initial', 'routine', 'change')),
  place              text CHECK (length(place) <= 100),
  -- Item code → score, e.g. {"B1.1": 4}. Validated against the catalogue by the service.
  answers            jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- [{"code","name","score","max"}] per dimension, frozen on completion.
  dimension_scores   jsonb,
  total_score        smallint CHECK (total_score BETWEEN 0 AND 90),                               -- CONTRACT
  preliminary_level  smallint CHECK (preliminary_level BETWEEN 0 AND 4),                          -- CONTRACT
  final_level        smallint CHECK (final_level BETWEEN 0 AND 4),                                -- CONTRACT
  -- [{"rule","text"}]: the change rules applied (dementia, psychiatric, risk_events, coma).
  change_reasons     jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- Diagnoses (ICD-10 code and name) are health data: an AES-256-GCM envelope of the JSON list.
  diagnoses_cipher   text,
  diagnosis_count    smallint NOT NULL DEFAULT 0,
  -- [{"kind","date","note"}] 照护风险事件 reported for the change rule.
  risk_events        jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- [{"name","certNo"}], two different assessors when completed.
  assessors          jsonb NOT NULL DEFAULT '[]'::jsonb,
  status             text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'completed', 'voided')), -- CONTRACT
  next_due_on        date,                                                                        -- CONTRACT
  completed_at       timestamptz,
  completed_by       uuid,
  completed_by_name  text,
  voided_at          timestamptz,
  voided_by_name     text,
  void_reason        text CHECK (length(void_reason) <= 500),
  created_by         uuid,
  created_by_name    text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  version            integer NOT NULL DEFAULT 1,
  -- A completed (or voided completed) assessment carries its whole result.
  CHECK (status = 'draft' OR (total_score IS NOT NULL AND preliminary_level IS NOT NULL AND final_level IS NOT NULL
                              AND next_due_on IS NOT NULL AND completed_at IS NOT NULL AND dimension_scores IS NOT NULL)),
  CHECK (final_level IS NULL OR final_level >= preliminary_level),
  CHECK ((status = 'voided') = (voided_at IS NOT NULL AND void_reason IS NOT NULL))
);
-- One open draft per person: a second clerk continues it rather than starting a rival form.
CREATE UNIQUE INDEX elderly_assessment_one_draft ON elderly_assessment (person_id) WHERE status = 'draft';
-- "The latest completed assessment of a person" and the current-level view.
CREATE INDEX elderly_assessment_person_completed ON elderly_assessment (person_id, assessed_on DESC, completed_at DESC) WHERE status = 'completed';
-- Lists by jurisdiction, and the reassessment-due list.
CREATE INDEX elderly_assessment_region ON elderly_assessment (region_code, assessed_on DESC);
CREATE INDEX elderly_assessment_due ON elderly_assessment (region_code, next_due_on) WHERE status = 'completed';

ALTER TABLE elderly_assessment ENABLE ROW LEVEL SECURITY;
CREATE POLICY elderly_assessment_scope ON elderly_assessment TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
-- An institution's operator (养老机构经办, 0040) sees the assessments of the persons living in their
-- institution and nothing else of the township: the care plan needs the level, the rest is not theirs.
CREATE POLICY elderly_assessment_operator_only ON elderly_assessment AS RESTRICTIVE TO mz_app
  USING ((SELECT elderly_operator_institutions()) IS NULL OR EXISTS (
    SELECT 1 FROM elderly_resident r
    WHERE r.person_id = elderly_assessment.person_id AND r.checked_out_on IS NULL
      AND r.institution_id = ANY ((SELECT elderly_operator_institutions())::uuid[])));
-- Assessments are voided, never deleted: a level once used for a subsidy must stay explainable.
REVOKE DELETE, TRUNCATE ON elderly_assessment FROM mz_app;

-- A person's current ability level: their latest completed assessment by assessment date (the later
-- completion, then the greater id, wins a tie; the service's per-row test uses the same order). security_invoker, so a query through the view is still bound by the
-- caller's row-level security rather than the view owner's.
CREATE VIEW elderly_current_assessment WITH (security_invoker = true) AS
SELECT DISTINCT ON (a.person_id)
       a.person_id, a.id AS assessment_id, a.final_level, a.assessed_on, a.next_due_on, a.total_score, a.region_code
FROM elderly_assessment a
WHERE a.status = 'completed'
ORDER BY a.person_id, a.assessed_on DESC, a.completed_at DESC, a.id DESC;
GRANT SELECT ON elderly_current_assessment TO mz_app;

-- Who may do what: every official reads 养老服务 data; clerks and reviewers assess; approvers void.
UPDATE iam_role SET permissions = permissions || ARRAY['elderly.read']
 WHERE code IN ('clerk', 'reviewer', 'approver', 'auditor') AND preset AND NOT ('elderly.read' = ANY (permissions));
UPDATE iam_role SET permissions = permissions || ARRAY['elderly.assessment.manage'] WHERE code IN ('clerk', 'reviewer') AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY['elderly.assessment.void'] WHERE code = 'approver' AND preset;
