-- 统计与监测 (statistics): indicator values per month, region and level; the refresh log; report forms.
--
-- Values are aggregates (no personal data) but still follow jurisdiction: an official reads the
-- values of their own region and below, never a sibling's or a parent's. Only system work (the
-- refresh job, the CLI) writes them.

CREATE TABLE statistics_value (
  indicator    text COLLATE "C" NOT NULL CHECK (indicator ~ '^[a-z][a-z0-9_]*(\.[a-z0-9_]+){1,4}$'),
  -- The month, as its first day.
  period       date NOT NULL CHECK (extract(day FROM period) = 1),
  region_code  varchar(12) NOT NULL CHECK (region_code ~ '^[0-9]{12}$'),
  level        smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  -- Sums of the source's measures (counts, fen); the value is recomputed from them at every level,
  -- so a ratio rolls up exactly instead of averaging children's ratios.
  numerator    numeric NOT NULL,
  denominator  numeric,
  value        numeric,
  refreshed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (indicator, period, region_code)
);
-- Dashboard: one region's headline indicators over thirteen months; its children in one month.
CREATE INDEX statistics_value_region ON statistics_value (region_code, period);
CREATE INDEX statistics_value_level ON statistics_value (period, level, region_code);
ALTER TABLE statistics_value ENABLE ROW LEVEL SECURITY;
CREATE POLICY statistics_value_read ON statistics_value FOR SELECT TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON statistics_value FROM mz_app;

-- One row per month refreshed: when, how long, by whom (the dashboard shows "数据更新于").
CREATE TABLE statistics_refresh (
  period        date PRIMARY KEY CHECK (extract(day FROM period) = 1),
  refreshed_at  timestamptz NOT NULL DEFAULT now(),
  refreshed_by  text NOT NULL,
  value_rows    integer NOT NULL,
  milliseconds  integer NOT NULL,
  sources       jsonb NOT NULL
);
-- Not regional, no personal data: every official may read when the figures were last made.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON statistics_refresh FROM mz_app;

-- 统计报表 (月报/季报): rows = the region's children and a total, columns = chosen indicators. The
-- content is a snapshot: a later refresh does not change a form already generated, and a submitted
-- form is locked (who, when) — it can be neither regenerated nor changed.
CREATE TABLE statistics_report_form (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind               text NOT NULL CHECK (kind IN ('monthly', 'quarterly')),
  period             text NOT NULL CHECK (period ~ '^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$'),
  region_code        varchar(12) NOT NULL CHECK (region_code ~ '^[0-9]{12}$'),
  indicators         text[] NOT NULL CHECK (cardinality(indicators) BETWEEN 1 AND 40),
  content            jsonb NOT NULL,
  status             text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
  version            integer NOT NULL DEFAULT 1,
  generated_by       uuid,
  generated_by_name  text NOT NULL,
  generated_at       timestamptz NOT NULL DEFAULT now(),
  submitted_by       uuid,
  submitted_by_name  text,
  submitted_at       timestamptz,
  UNIQUE (kind, period, region_code),
  CHECK ((status = 'submitted') = (submitted_at IS NOT NULL)),
  CHECK ((kind = 'quarterly') = (period ~ 'Q'))
);
CREATE INDEX statistics_report_form_region ON statistics_report_form (region_code, period);

-- The database's own lock: once submitted, nothing about the form changes, and it is never deleted.
CREATE FUNCTION statistics_report_form_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'submitted' THEN RAISE EXCEPTION '已上报的统计报表不能删除' USING ERRCODE = 'P0001'; END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'submitted' THEN
    RAISE EXCEPTION '统计报表已于 % 上报，已锁定，不能重新生成或修改', OLD.submitted_at USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER statistics_report_form_lock BEFORE UPDATE OR DELETE ON statistics_report_form
  FOR EACH ROW EXECUTE FUNCTION statistics_report_form_lock();

ALTER TABLE statistics_report_form ENABLE ROW LEVEL SECURITY;
CREATE POLICY statistics_report_form_scope ON statistics_report_form TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON statistics_report_form FROM mz_app;

-- Preset roles: every role reads the figures of its jurisdiction; clerks (统计员) and approvers
-- generate and submit the forms.
UPDATE iam_role SET permissions = permissions || ARRAY['statistics.read', 'statistics.report'] WHERE code IN ('clerk', 'approver') AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY['statistics.read'] WHERE code IN ('reviewer', 'auditor') AND preset;
-- 统计员: refreshes the indicators and submits the report forms of their jurisdiction, without any
-- business permission (a province statistician need not be a clerk of every programme).
INSERT INTO iam_role (code, name, description, permissions, preset) VALUES
  ('statistician', '统计', '刷新统计指标，生成、导出、上报本辖区统计报表', ARRAY['region.read', 'statistics.read', 'statistics.report'], true);
