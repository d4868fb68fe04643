-- 养老服务, part 2 (quality): GB/T 37276 等级评定, 安全与服务质量检查 with rectification follow-up,
-- the regional parameters both use, and the planning indicators as SQL functions of (region, date).
-- Reads the CONTRACT columns of 0040 and registry_person; writes elderly_institution.grade/graded_on
-- only when a rating is confirmed.

-- End (exclusive) of a region's subtree in code order, the SQL twin of subtreeRange() in the kernel.
CREATE FUNCTION elderly_region_subtree_end(code varchar) RETURNS varchar
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN length(nxt) > d THEN '9999999999999' ELSE rpad(nxt, 12, '0') END
  FROM (SELECT d, lpad((left(code, d)::bigint + 1)::text, d, '0') AS nxt
        FROM (SELECT CASE WHEN substr(code, 10, 3) <> '000' THEN 12 WHEN substr(code, 7, 3) <> '000' THEN 9
                          WHEN substr(code, 5, 2) <> '00' THEN 6 WHEN substr(code, 3, 2) <> '00' THEN 4 ELSE 2 END AS d) l) n
$$;

-- Effective-dated regional parameters: 'grade_thresholds' (five grades' total and part share) and
-- 'rectify_days' (days per finding severity). The row of the nearest region (county over city over
-- province) in force on the date wins; with none, the defaults in the domain code apply.
CREATE TABLE elderly_quality_param (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind           text NOT NULL CHECK (kind IN ('grade_thresholds', 'rectify_days')),
  region_code    varchar(12) NOT NULL REFERENCES region (code),
  effective_from date NOT NULL,
  value          jsonb NOT NULL,
  note           text CHECK (length(note) <= 500),
  created_by     uuid,
  created_by_name text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, region_code, effective_from)
);
ALTER TABLE elderly_quality_param ENABLE ROW LEVEL SECURITY;
-- Policy is public: a county must read the province's thresholds. Only writes are scoped.
CREATE POLICY elderly_quality_param_read ON elderly_quality_param FOR SELECT TO mz_app USING (true);
CREATE POLICY elderly_quality_param_write ON elderly_quality_param FOR INSERT TO mz_app
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE UPDATE, DELETE, TRUNCATE ON elderly_quality_param FROM mz_app;

-- 等级评定: one scoring sheet per rating; history is every rating ever made (never deleted).
CREATE TABLE elderly_quality_rating (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  rating_no          bigint GENERATED ALWAYS AS IDENTITY,
  institution_id     uuid NOT NULL REFERENCES elderly_institution (id),
  region_code        varchar(12) NOT NULL REFERENCES region (code),          -- the institution's
  status             text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'confirmed')),
  rated_on           date NOT NULL,                                            -- day of the on-site evaluation
  score_environment  numeric(5, 1) NOT NULL CHECK (score_environment BETWEEN 0 AND 120),
  score_facilities   numeric(5, 1) NOT NULL CHECK (score_facilities BETWEEN 0 AND 130),
  score_operations   numeric(5, 1) NOT NULL CHECK (score_operations BETWEEN 0 AND 150),
  score_service      numeric(5, 1) NOT NULL CHECK (score_service BETWEEN 0 AND 600),
  total              numeric(6, 1) NOT NULL CHECK (total BETWEEN 0 AND 1000),
  grade              smallint CHECK (grade BETWEEN 1 AND 5),                   -- null: below 一级
  thresholds         jsonb NOT NULL,                                           -- the bars it was graded by
  param_id           uuid REFERENCES elderly_quality_param (id),               -- null: the defaults
  item_notes         jsonb NOT NULL DEFAULT '{}'::jsonb,                       -- per part: what cost points
  evaluators         text CHECK (length(evaluators) <= 200),
  graded_on          date,                                                     -- set on confirmation
  opinion            text CHECK (length(opinion) <= 500),
  created_by         uuid,
  created_by_name    text,
  submitted_by       uuid,
  submitted_by_name  text,
  submitted_at       timestamptz,
  confirmed_by       uuid,
  confirmed_by_name  text,
  confirmed_at       timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  version            integer NOT NULL DEFAULT 1,
  CHECK (total = score_environment + score_facilities + score_operations + score_service),
  CHECK ((status = 'confirmed') = (graded_on IS NOT NULL))
);
-- One rating in progress per institution at a time.
CREATE UNIQUE INDEX elderly_quality_rating_open ON elderly_quality_rating (institution_id) WHERE status <> 'confirmed';
CREATE INDEX elderly_quality_rating_region ON elderly_quality_rating (region_code, status);
CREATE INDEX elderly_quality_rating_history ON elderly_quality_rating (institution_id, graded_on) WHERE status = 'confirmed';

CREATE TABLE elderly_quality_rating_event (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rating_id    uuid NOT NULL REFERENCES elderly_quality_rating (id),
  institution_id uuid NOT NULL,
  region_code  varchar(12) NOT NULL,
  action       text NOT NULL CHECK (action IN ('create', 'update', 'submit', 'return', 'confirm')),
  from_status  text,
  to_status    text NOT NULL,
  opinion      text CHECK (length(opinion) <= 500),
  by_id        uuid,
  by_name      text,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX elderly_quality_rating_event_rating ON elderly_quality_rating_event (rating_id, id);

-- 检查项目目录: data, not code. Items from GB 38600-2019 《养老机构服务安全基本规范》 and fire practice
-- (《消防法》, 《养老机构消防安全管理规定》-type rules, 《高层民用建筑消防安全管理规定》).
CREATE TABLE elderly_quality_check_item (
  code       varchar(20) PRIMARY KEY CHECK (code ~ '^[A-Z]{1,3}-[0-9]{2}$'),
  category   text NOT NULL CHECK (category IN ('fire', 'service')),
  seq        smallint NOT NULL,
  title      text NOT NULL CHECK (length(title) BETWEEN 2 AND 200),
  basis      text NOT NULL,
  -- What a failure usually is; the inspector decides per finding.
  usual_severity text NOT NULL CHECK (usual_severity IN ('major', 'general')),
  active     boolean NOT NULL DEFAULT true
);
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON elderly_quality_check_item FROM mz_app;

INSERT INTO elderly_quality_check_item (code, category, seq, title, basis, usual_severity) VALUES
  ('F-01', 'fire', 1, '依法取得消防验收合格或备案手续，建筑未擅自改变使用性质', '《消防法》第十一条至第十五条', 'major'),
  ('F-02', 'fire', 2, '落实消防安全责任制，明确消防安全责任人、管理人并公示', '《消防法》第十六条；《机关、团体、企业、事业单位消防安全管理规定》', 'general'),
  ('F-03', 'fire', 3, '疏散通道、安全出口畅通，未锁闭、堵塞、占用', '《消防法》第二十八条', 'major'),
  ('F-04', 'fire', 4, '应急照明、疏散指示标志完好有效', 'GB 51309；《消防法》第十六条', 'general'),
  ('F-05', 'fire', 5, '按规定配置灭火器、室内消火栓等消防器材并在有效期内', 'GB 50140；《消防法》第十六条', 'general'),
  ('F-06', 'fire', 6, '自动喷水灭火、火灾自动报警等设施按规定设置并保持正常运行', 'GB 50016；《消防法》第十六条', 'major'),
  ('F-07', 'fire', 7, '消防控制室 24 小时双人值班，值班人员持证上岗', 'GB 25506', 'general'),
  ('F-08', 'fire', 8, '电气线路、燃气管道规范敷设，无私拉乱接、超负荷用电', 'GB 38600-2019 6.3；《消防法》第二十七条', 'major'),
  ('F-09', 'fire', 9, '老年人居室内无违规使用明火、大功率电器，电动自行车未在室内或通道停放充电', 'GB 38600-2019 6.3', 'major'),
  ('F-10', 'fire', 10, '厨房灶具及排油烟管道定期清洗，燃气报警装置有效', 'GB 38600-2019 6.3', 'general'),
  ('F-11', 'fire', 11, '每日防火巡查、每月防火检查并记录，夜间巡查不少于两次', '《机关、团体、企业、事业单位消防安全管理规定》第二十五条、第二十六条', 'general'),
  ('F-12', 'fire', 12, '制定灭火和应急疏散预案，至少每半年组织一次演练（含夜间疏散），员工会报警、会疏散、会使用器材', 'GB 38600-2019 7；《消防法》第十六条', 'general'),
  ('F-13', 'fire', 13, '易燃易爆物品、氧气瓶等按规定存放管理', 'GB 38600-2019 6.3', 'major'),
  ('F-14', 'fire', 14, '室内装修材料、床垫被褥等符合防火要求，未使用易燃可燃材料搭建隔断', 'GB 50222', 'general'),
  ('S-01', 'service', 1, '入院评估：入住前对老年人进行能力与风险评估并建立档案，每年至少复评一次', 'GB 38600-2019 5.1', 'general'),
  ('S-02', 'service', 2, '防噎食：对有噎食风险的老年人提供适宜食物、进食照护并有应急处置', 'GB 38600-2019 6.1', 'major'),
  ('S-03', 'service', 3, '防食品药品误食：食品、药品、有毒有害物品分开存放，有标识', 'GB 38600-2019 6.1', 'general'),
  ('S-04', 'service', 4, '防压疮：对卧床老年人定时翻身、皮肤检查并记录', 'GB 38600-2019 6.1', 'general'),
  ('S-05', 'service', 5, '防烫伤：热水、取暖设备温度控制，洗浴有防烫措施', 'GB 38600-2019 6.1', 'general'),
  ('S-06', 'service', 6, '防坠床：有坠床风险的老年人使用床护栏等防护措施', 'GB 38600-2019 6.1', 'general'),
  ('S-07', 'service', 7, '防跌倒：地面防滑、扶手、夜间照明，高风险老年人有标识和照护措施', 'GB 38600-2019 6.1', 'major'),
  ('S-08', 'service', 8, '防走失：出入口管理，认知障碍老年人有防走失措施和登记', 'GB 38600-2019 6.1', 'major'),
  ('S-09', 'service', 9, '约束：确需约束时经评估并取得监护人同意，记录观察', 'GB 38600-2019 6.1', 'general'),
  ('S-10', 'service', 10, '用药管理：遵医嘱协助服药，药品核对、记录完整', 'GB 38600-2019 6.2', 'general'),
  ('S-11', 'service', 11, '食品安全：食堂取得许可，食品留样 48 小时以上，从业人员持健康证明', 'GB 38600-2019 6.4；《食品安全法》', 'major'),
  ('S-12', 'service', 12, '突发事件：制定突发事件应急预案，发生意外及时处置、报告并记录', 'GB 38600-2019 7', 'general'),
  ('S-13', 'service', 13, '护理员按规定比例配备并经培训上岗，持证上岗率符合要求', 'GB 38600-2019 5.2', 'general'),
  ('S-14', 'service', 14, '服务合同：与老年人或其代理人签订服务协议，收费公示', 'GB 38600-2019 5.3；《养老机构管理办法》', 'general'),
  ('S-15', 'service', 15, '安全管理制度与安全责任人明确，每月开展安全隐患排查', 'GB 38600-2019 8', 'general');

-- 检查: an inspection of one institution on one day by named inspectors.
CREATE TABLE elderly_quality_inspection (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  inspection_no   bigint GENERATED ALWAYS AS IDENTITY,
  institution_id  uuid NOT NULL REFERENCES elderly_institution (id),
  region_code     varchar(12) NOT NULL REFERENCES region (code),             -- the institution's
  kind            text NOT NULL CHECK (kind IN ('fire', 'service', 'combined')),
  inspected_on    date NOT NULL,
  inspectors      text[] NOT NULL CHECK (cardinality(inspectors) BETWEEN 1 AND 10),
  summary         text CHECK (length(summary) <= 1000),
  items_checked   integer NOT NULL,
  items_failed    integer NOT NULL,
  created_by      uuid,
  created_by_name text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX elderly_quality_inspection_region ON elderly_quality_inspection (region_code, inspected_on);
CREATE INDEX elderly_quality_inspection_institution ON elderly_quality_inspection (institution_id, inspected_on);

CREATE TABLE elderly_quality_inspection_item (
  inspection_id   uuid NOT NULL REFERENCES elderly_quality_inspection (id),
  item_code       varchar(20) NOT NULL REFERENCES elderly_quality_check_item (code),
  institution_id  uuid NOT NULL,
  region_code     varchar(12) NOT NULL,
  result          text NOT NULL CHECK (result IN ('pass', 'fail', 'na')),
  note            text CHECK (length(note) <= 500),
  PRIMARY KEY (inspection_id, item_code)
);

-- 发现问题: one per failed item, with a deadline; follow-up moves it open → rectified → verified.
CREATE TABLE elderly_quality_finding (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  inspection_id   uuid NOT NULL REFERENCES elderly_quality_inspection (id),
  institution_id  uuid NOT NULL REFERENCES elderly_institution (id),
  region_code     varchar(12) NOT NULL REFERENCES region (code),
  item_code       varchar(20) NOT NULL REFERENCES elderly_quality_check_item (code),
  severity        text NOT NULL CHECK (severity IN ('major', 'general')),
  description     text NOT NULL CHECK (length(description) BETWEEN 2 AND 500),
  found_on        date NOT NULL,
  deadline        date NOT NULL CHECK (deadline >= found_on),
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'rectified', 'verified')),
  rectified_on    date,
  rectification   text CHECK (length(rectification) <= 1000),
  rectified_by_name text,
  verified_on     date,
  verified_by_name text,
  version         integer NOT NULL DEFAULT 1,
  UNIQUE (inspection_id, item_code)
);
CREATE INDEX elderly_quality_finding_open ON elderly_quality_finding (region_code, deadline) WHERE status <> 'verified';
CREATE INDEX elderly_quality_finding_institution ON elderly_quality_finding (institution_id, status);

CREATE TABLE elderly_quality_finding_event (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  finding_id   uuid NOT NULL REFERENCES elderly_quality_finding (id),
  institution_id uuid NOT NULL,
  region_code  varchar(12) NOT NULL,
  action       text NOT NULL CHECK (action IN ('rectify', 'verify', 'reject')),
  from_status  text NOT NULL,
  to_status    text NOT NULL,
  note         text CHECK (length(note) <= 1000),
  by_id        uuid,
  by_name      text,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX elderly_quality_finding_event_finding ON elderly_quality_finding_event (finding_id, id);

-- Jurisdiction (region range) and, for institution operators, their own institutions; both enforced by the database.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['elderly_quality_rating', 'elderly_quality_rating_event', 'elderly_quality_inspection',
                           'elderly_quality_inspection_item', 'elderly_quality_finding', 'elderly_quality_finding_event'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO mz_app USING (region_code >= mz_scope_from() AND region_code < mz_scope_to()) '
                   'WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to())', t || '_scope', t);
    -- Operators are confined to their bound institutions, with the institution part's function
    -- (0040: NULL for anyone who is not an operator; evaluated once per statement).
    EXECUTE format('CREATE POLICY %I ON %I AS RESTRICTIVE TO mz_app USING ((SELECT elderly_operator_institutions()) IS NULL '
                   'OR institution_id = ANY ((SELECT elderly_operator_institutions())::uuid[]))', t || '_operator', t);
    EXECUTE format('REVOKE DELETE, TRUNCATE ON %I FROM mz_app', t);
  END LOOP;
END $$;
-- History is append-only.
REVOKE UPDATE ON elderly_quality_rating_event, elderly_quality_finding_event, elderly_quality_inspection_item FROM mz_app;

-- ---- indicators (rules.md 7.4) ----
-- One row per unit counted in [p_from, p_to) on a date — an institution, a bed, a resident, a
-- caregiver, a person aged 60+ — with its region, the record columns a drill-down list shows
-- (masked: a person's name and masked ID only) and a 0/1 per measure. The statistics module's
-- fact-source shape (region_code, record_id, record_name, record_id_masked, record_note,
-- record_amount_fen, measures…), so a 养老服务 source there is `SELECT * FROM elderly_indicator_facts(…)`
-- and cannot disagree with the indicators page, which sums the same rows (below).
-- Dates: residents, caregivers, the population and grades as they were on p_on; institutions and
-- beds as they are now (0040 keeps no history of a bed or of a status). Runs under the caller's
-- row-level security.
CREATE FUNCTION elderly_indicator_facts(p_on date, p_from varchar, p_to varchar)
RETURNS TABLE (
  region_code varchar, record_id text, record_name text, record_id_masked text, record_note text, record_amount_fen bigint,
  institutions integer, care_homes integer, beds integer, nursing_beds integer, residents integer, caregivers integer,
  certified_caregivers integer, population_60 integer,
  grade_1 integer, grade_2 integer, grade_3 integer, grade_4 integer, grade_5 integer, ungraded integer
) LANGUAGE sql STABLE AS $$
  WITH inst AS (
    SELECT i.id, i.name, i.kind, i.region_code, i.grade, i.graded_on FROM elderly_institution i
    WHERE i.region_code >= p_from AND i.region_code < p_to AND i.status <> 'closed'
  ),
  -- The grade in force on the date: the latest rating confirmed on or before it; an institution
  -- never rated here keeps the grade its record carries (e.g. migrated data).
  rated AS (
    SELECT DISTINCT ON (r.institution_id) r.institution_id, r.grade
    FROM elderly_quality_rating r
    WHERE r.status = 'confirmed' AND r.graded_on <= p_on AND r.region_code >= p_from AND r.region_code < p_to
    ORDER BY r.institution_id, r.graded_on DESC, r.confirmed_at DESC
  ),
  graded AS (
    SELECT inst.*, CASE WHEN inst.kind <> 'care_home' THEN NULL
                        WHEN rated.institution_id IS NOT NULL THEN rated.grade
                        WHEN inst.graded_on IS NULL OR inst.graded_on <= p_on THEN inst.grade END AS grade_on
    FROM inst LEFT JOIN rated ON rated.institution_id = inst.id
  )
  SELECT g.region_code::varchar, g.id::text, g.name, NULL::text,
         CASE WHEN g.kind = 'care_home' THEN '养老机构' || coalesce('·' || (ARRAY['一级', '二级', '三级', '四级', '五级'])[g.grade_on], '·未评定') ELSE '养老服务设施' END,
         NULL::bigint, 1, (g.kind = 'care_home')::int, 0, 0, 0, 0, 0, 0,
         (g.grade_on = 1)::int, (g.grade_on = 2)::int, (g.grade_on = 3)::int, (g.grade_on = 4)::int, (g.grade_on = 5)::int,
         (g.kind = 'care_home' AND g.grade_on IS NULL)::int
  FROM graded g
  UNION ALL
  SELECT b.region_code, b.id::text, inst.name, NULL, '床位 ' || b.room || '-' || b.bed_no || CASE WHEN b.nursing THEN '（护理型）' ELSE '' END, NULL,
         0, 0, 1, b.nursing::int, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  FROM elderly_bed b JOIN inst ON inst.id = b.institution_id
  WHERE b.in_service
  UNION ALL
  SELECT r.region_code, r.id::text, p.name, p.id_masked, '在住 ' || inst.name || '（' || r.checked_in_on || ' 入住）', NULL,
         0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
  FROM elderly_resident r JOIN inst ON inst.id = r.institution_id
  LEFT JOIN registry_person p ON p.id = r.person_id
  WHERE r.checked_in_on <= p_on AND (r.checked_out_on IS NULL OR r.checked_out_on > p_on)
  UNION ALL
  SELECT s.region_code, s.id::text, s.name, NULL, '养老护理员 ' || inst.name || CASE WHEN s.certificate_level IS NOT NULL THEN '（持证）' ELSE '' END, NULL,
         0, 0, 0, 0, 0, 1, (s.certificate_level IS NOT NULL)::int, 0, 0, 0, 0, 0, 0, 0
  FROM elderly_staff s JOIN inst ON inst.id = s.institution_id
  WHERE s.role = 'caregiver' AND s.hired_on <= p_on AND (s.left_on IS NULL OR s.left_on > p_on)
  UNION ALL
  -- Aged 60 or more on the date (the 60th birthday counts) and not dead by then; where they live.
  SELECT p.region_code, p.id::text, p.name, p.id_masked, '60周岁及以上', NULL,
         0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0
  FROM registry_person p
  WHERE p.region_code >= p_from AND p.region_code < p_to
    AND p.birth_date <= (p_on - interval '60 years')::date
    AND (p.death_date IS NULL OR p.death_date > p_on)
$$;

-- The facts of one region's subtree summed by the first `p_group_digits` digits of their region
-- codes (2/4/6/9/12): the region's own level gives one total row, its children's level one row per
-- child (and one keyed by the region's own code for what is registered on it — 本级). Set-based:
-- one pass over the facts, one GROUP BY.
CREATE FUNCTION elderly_indicator_counts(p_region varchar, p_on date, p_group_digits integer)
RETURNS TABLE (
  group_code varchar, institutions bigint, care_homes bigint, beds bigint, nursing_beds bigint, residents bigint,
  caregivers bigint, certified_caregivers bigint, population_60 bigint,
  grade_1 bigint, grade_2 bigint, grade_3 bigint, grade_4 bigint, grade_5 bigint, ungraded bigint
) LANGUAGE sql STABLE AS $$
  SELECT rpad(left(f.region_code, p_group_digits), 12, '0')::varchar,
         sum(f.institutions)::bigint, sum(f.care_homes)::bigint, sum(f.beds)::bigint, sum(f.nursing_beds)::bigint, sum(f.residents)::bigint,
         sum(f.caregivers)::bigint, sum(f.certified_caregivers)::bigint, sum(f.population_60)::bigint,
         sum(f.grade_1)::bigint, sum(f.grade_2)::bigint, sum(f.grade_3)::bigint, sum(f.grade_4)::bigint, sum(f.grade_5)::bigint, sum(f.ungraded)::bigint
  FROM elderly_indicator_facts(p_on, p_region, elderly_region_subtree_end(p_region)) f
  GROUP BY 1 ORDER BY 1
$$;

-- Permissions of the preset roles; the institution operator role, where the institution part has
-- created it by now, reads its own ratings and inspections and reports rectification.
UPDATE iam_role SET permissions = permissions || ARRAY['elderly.quality.read', 'elderly.rating.edit', 'elderly.inspection.record', 'elderly.finding.rectify', 'elderly.indicators.read']
  WHERE code = 'clerk' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY['elderly.quality.read', 'elderly.indicators.read'] WHERE code = 'reviewer' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY['elderly.quality.read', 'elderly.rating.confirm', 'elderly.inspection.record', 'elderly.quality.params', 'elderly.indicators.read']
  WHERE code = 'approver' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY['elderly.quality.read', 'elderly.indicators.read'] WHERE code = 'auditor' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY['elderly.quality.params'] WHERE code = 'admin' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY['elderly.quality.read', 'elderly.finding.rectify'] WHERE code = 'institution_operator';
