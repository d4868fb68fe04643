-- The case engine's store: one row per case (state, version, events, clocks' next due date) and an
-- append-only log of every action taken on it. Business modules keep their own data in their own
-- tables keyed by the case id (assistance_case.id → workflow_case.id).

CREATE TABLE workflow_case (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Definition keys may be namespaced by their module ('assistance.dibao').
  definition         text NOT NULL CHECK (definition ~ '^[a-z][a-z0-9_.]{0,63}$'),
  -- The definition's version when the case was opened, so an old case stays explainable.
  definition_version integer NOT NULL CHECK (definition_version >= 1),
  case_no            text NOT NULL UNIQUE CHECK (length(case_no) BETWEEN 1 AND 40),
  subject_kind       text NOT NULL CHECK (subject_kind ~ '^[a-z][a-z0-9_.]{0,63}$'),
  subject_id         uuid,
  -- Where the case belongs (the household's village, or where an emergency happened): drives scope.
  -- Fixed for the life of a case: decision rows copy it (see below).
  region_code        varchar(12) NOT NULL REFERENCES region (code) CHECK (region_code ~ '^[0-9]{12}$'),
  state              text NOT NULL CHECK (length(state) BETWEEN 1 AND 40),
  -- Optimistic concurrency: every change is `… WHERE version = <what the official saw>`.
  version            integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  flags              text[] NOT NULL DEFAULT '{}',
  settings           jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
  -- Event name → ISO instant of its latest occurrence; the clocks start and stop on these.
  events             jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(events) = 'object'),
  -- The earliest running time limit, kept current by every change, so supervisors' overdue lists
  -- are one index range instead of recomputing every open case's clocks.
  next_due_key       text,
  next_due_on        date,
  created_by         uuid,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  closed_at          timestamptz,
  CHECK ((next_due_key IS NULL) = (next_due_on IS NULL)),
  CHECK (closed_at IS NULL OR next_due_on IS NULL),
  -- Target of the decision rows' (case_id, region_code) reference.
  UNIQUE (id, region_code)
);
CREATE INDEX workflow_case_region_state ON workflow_case (region_code, state);
CREATE INDEX workflow_case_definition_state ON workflow_case (definition, state);
CREATE INDEX workflow_case_next_due ON workflow_case (next_due_on) WHERE next_due_on IS NOT NULL;
CREATE INDEX workflow_case_subject ON workflow_case (subject_kind, subject_id) WHERE subject_id IS NOT NULL;

-- 办理记录: who did what, when, with which opinion. Never changed: it is the case's legal trail.
CREATE TABLE workflow_decision (
  case_id      uuid NOT NULL,
  seq          integer NOT NULL CHECK (seq >= 1),
  action       text NOT NULL CHECK (length(action) BETWEEN 1 AND 40),
  from_state   text NOT NULL,
  to_state     text NOT NULL,
  actor_id     uuid NOT NULL,
  actor_name   text NOT NULL CHECK (length(actor_name) BETWEEN 1 AND 100),
  actor_level  text NOT NULL CHECK (actor_level IN ('province', 'city', 'county', 'township', 'village')),
  actor_region varchar(12) NOT NULL CHECK (actor_region ~ '^[0-9]{12}$'),
  -- The case's region, copied so the row-level-security policy needs no join; the composite
  -- reference guarantees the copy is the case's own.
  region_code  varchar(12) NOT NULL,
  at           timestamptz NOT NULL,
  opinion      text CHECK (length(opinion) <= 2000),
  attachments  jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attachments) = 'array'),
  data         jsonb,
  PRIMARY KEY (case_id, seq),
  FOREIGN KEY (case_id, region_code) REFERENCES workflow_case (id, region_code)
);
CREATE INDEX workflow_decision_actor ON workflow_decision (actor_id, at);

CREATE FUNCTION workflow_decision_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '办理记录只能追加，不能修改或删除' USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER workflow_decision_no_update BEFORE UPDATE OR DELETE ON workflow_decision
  FOR EACH ROW EXECUTE FUNCTION workflow_decision_refuse_change();
CREATE TRIGGER workflow_decision_no_truncate BEFORE TRUNCATE ON workflow_decision
  FOR EACH STATEMENT EXECUTE FUNCTION workflow_decision_refuse_change();

-- What the application role may do: cases are opened and moved, never deleted (终止 is a state);
-- decisions are only appended.
REVOKE ALL ON workflow_case, workflow_decision FROM mz_app;
GRANT SELECT, INSERT, UPDATE ON workflow_case TO mz_app;
GRANT SELECT, INSERT ON workflow_decision TO mz_app;

ALTER TABLE workflow_case ENABLE ROW LEVEL SECURITY;
CREATE POLICY workflow_case_scope ON workflow_case TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
ALTER TABLE workflow_decision ENABLE ROW LEVEL SECURITY;
CREATE POLICY workflow_decision_read ON workflow_decision FOR SELECT TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to());
CREATE POLICY workflow_decision_append ON workflow_decision FOR INSERT TO mz_app
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
