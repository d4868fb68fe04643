-- 养老服务, part 5: 居家社区养老服务 (government-purchased home care) and 时间银行.
-- Providers and their county's service catalogue (effective-dated prices), the monthly budget
-- standard per group and region, the enrolled elders (服务对象) with their monthly budget, service
-- orders through their state machine with an append-only event log, monthly settlement per
-- provider, and the time bank's accounts and append-only ledger.

-- 服务商. Organisation data, not personal: kept by the county that contracts it; a township of the
-- county sees it too (it dispatches to it), so scope is applied by the repository (ancestor or
-- subtree of the actor), not by row-level security.
CREATE TABLE elderly_homecare_provider (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code     varchar(12) NOT NULL REFERENCES region (code),
  name            text NOT NULL CHECK (length(name) BETWEEN 2 AND 100),
  credit_code     varchar(18) NOT NULL CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  contact_name    text NOT NULL CHECK (length(contact_name) BETWEEN 1 AND 50),
  contact_phone   text NOT NULL CHECK (contact_phone ~ '^[0-9-]{7,20}$'),
  -- Townships (or villages) of the county the provider serves.
  service_regions varchar(12)[] NOT NULL CHECK (cardinality(service_regions) BETWEEN 1 AND 200),
  contract_from   date NOT NULL,
  contract_to     date NOT NULL,
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'terminated')),
  created_by      uuid,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  version         integer NOT NULL DEFAULT 1,
  CHECK (contract_to >= contract_from)
);
CREATE UNIQUE INDEX elderly_homecare_provider_code ON elderly_homecare_provider (region_code, credit_code);
REVOKE DELETE, TRUNCATE ON elderly_homecare_provider FROM mz_app;

-- 服务目录: the county's price list. A price change closes the current row the day before the new
-- price starts and inserts the new one, so an order always points at the price it was charged.
CREATE TABLE elderly_homecare_catalogue_item (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code     varchar(12) NOT NULL REFERENCES region (code),
  code            varchar(20) NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,19}$'),
  name            text NOT NULL CHECK (length(name) BETWEEN 2 AND 50),
  category        text NOT NULL CHECK (category IN ('meal', 'cleaning', 'bathing', 'medical', 'mobility', 'emergency', 'companionship', 'rehab_care')),
  unit            text NOT NULL CHECK (unit IN ('visit', 'hour')),
  price_fen       bigint NOT NULL CHECK (price_fen > 0 AND price_fen <= 10000000),
  effective_from  date NOT NULL,
  effective_to    date,
  created_by      uuid,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (effective_to IS NULL OR effective_to >= effective_from)
);
CREATE UNIQUE INDEX elderly_homecare_catalogue_current ON elderly_homecare_catalogue_item (region_code, code) WHERE effective_to IS NULL;
CREATE UNIQUE INDEX elderly_homecare_catalogue_from ON elderly_homecare_catalogue_item (region_code, code, effective_from);
REVOKE DELETE, TRUNCATE ON elderly_homecare_catalogue_item FROM mz_app;

-- 月预算标准 per group, per region (a lower level overrides a higher one), effective-dated like the catalogue.
CREATE TABLE elderly_homecare_budget_param (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code        varchar(12) NOT NULL REFERENCES region (code),
  group_code         text NOT NULL CHECK (group_code IN ('shidu', 'disabled', 'dementia', 'empty_nest_80', 'low_income')),
  monthly_budget_fen bigint NOT NULL CHECK (monthly_budget_fen BETWEEN 0 AND 10000000),
  effective_from     date NOT NULL CHECK (extract(day FROM effective_from) = 1),
  effective_to       date,
  created_by         uuid,
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (effective_to IS NULL OR effective_to >= effective_from)
);
CREATE UNIQUE INDEX elderly_homecare_budget_param_current ON elderly_homecare_budget_param (region_code, group_code) WHERE effective_to IS NULL;
REVOKE DELETE, TRUNCATE ON elderly_homecare_budget_param FROM mz_app;

-- 服务对象: one enrolment of a registry person. At most one current per person. The groups are the
-- reasons, checked against the registry, assessments and programmes at enrolment.
CREATE TABLE elderly_homecare_beneficiary (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id          uuid NOT NULL REFERENCES registry_person (id),
  region_code        varchar(12) NOT NULL REFERENCES region (code),
  groups             text[] NOT NULL CHECK (cardinality(groups) >= 1 AND groups <@ ARRAY['shidu', 'disabled', 'dementia', 'empty_nest_80', 'low_income']::text[]),
  -- 失独 has no data source (nor has a 失智 no assessment records): the official declares it with the
  -- basis (证明材料), and the enrolment's audit entry keeps it.
  declared_reason    text CHECK (length(declared_reason) BETWEEN 2 AND 500),
  monthly_budget_fen bigint NOT NULL CHECK (monthly_budget_fen >= 0),
  -- The budget standards the amount came from (the highest of the groups' standards).
  budget_param_ids   uuid[] NOT NULL,
  enrolled_on        date NOT NULL,
  stopped_on         date,
  stop_reason        text CHECK (length(stop_reason) BETWEEN 2 AND 200),
  note               text CHECK (length(note) <= 500),
  created_by         uuid,
  created_by_name    text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  version            integer NOT NULL DEFAULT 1,
  CHECK (NOT ('shidu' = ANY (groups)) OR declared_reason IS NOT NULL),
  CHECK ((stopped_on IS NULL) = (stop_reason IS NULL)),
  CHECK (stopped_on IS NULL OR stopped_on >= enrolled_on)
);
CREATE UNIQUE INDEX elderly_homecare_beneficiary_current ON elderly_homecare_beneficiary (person_id) WHERE stopped_on IS NULL;
CREATE INDEX elderly_homecare_beneficiary_region ON elderly_homecare_beneficiary (region_code, enrolled_on);
ALTER TABLE elderly_homecare_beneficiary ENABLE ROW LEVEL SECURITY;
CREATE POLICY elderly_homecare_beneficiary_scope ON elderly_homecare_beneficiary TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON elderly_homecare_beneficiary FROM mz_app;

-- The month's budget of one beneficiary and what the served orders took from it. The CHECK is
-- the rule "the budget never pays more than the month's budget": two orders finished at once
-- serialise on this row, and the second gets only what is left (the rest is 自费).
CREATE TABLE elderly_homecare_budget_month (
  beneficiary_id  uuid NOT NULL REFERENCES elderly_homecare_beneficiary (id),
  month           date NOT NULL CHECK (extract(day FROM month) = 1),
  region_code     varchar(12) NOT NULL REFERENCES region (code),
  budget_fen      bigint NOT NULL CHECK (budget_fen >= 0),
  spent_fen       bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (beneficiary_id, month),
  CHECK (spent_fen BETWEEN 0 AND budget_fen)
);
ALTER TABLE elderly_homecare_budget_month ENABLE ROW LEVEL SECURITY;
CREATE POLICY elderly_homecare_budget_month_scope ON elderly_homecare_budget_month TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON elderly_homecare_budget_month FROM mz_app;

-- Monthly settlement of one provider: the visited orders of a service month, locked by it. A month
-- can be settled in several batches (orders visited after the first batch go into the next).
CREATE TABLE elderly_homecare_settlement (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code     varchar(12) NOT NULL REFERENCES region (code),
  provider_id     uuid NOT NULL REFERENCES elderly_homecare_provider (id),
  month           date NOT NULL CHECK (extract(day FROM month) = 1),
  batch_no        integer NOT NULL CHECK (batch_no >= 1),
  order_count     integer NOT NULL CHECK (order_count >= 1),
  amount_fen      bigint NOT NULL,
  budget_fen      bigint NOT NULL,
  self_pay_fen    bigint NOT NULL,
  created_by      uuid,
  created_by_name text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider_id, month, batch_no),
  CHECK (amount_fen = budget_fen + self_pay_fen AND budget_fen >= 0 AND self_pay_fen >= 0)
);
CREATE INDEX elderly_homecare_settlement_region ON elderly_homecare_settlement (region_code, month);
ALTER TABLE elderly_homecare_settlement ENABLE ROW LEVEL SECURITY;
CREATE POLICY elderly_homecare_settlement_scope ON elderly_homecare_settlement TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE UPDATE, DELETE, TRUNCATE ON elderly_homecare_settlement FROM mz_app;

-- 服务工单. Prices and names are copied from the catalogue row at registration, so the amount is
-- explained by the order alone. region_code is the beneficiary's (who sees it).
CREATE TABLE elderly_homecare_order (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_no          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  beneficiary_id    uuid NOT NULL REFERENCES elderly_homecare_beneficiary (id),
  person_id         uuid NOT NULL REFERENCES registry_person (id),
  region_code       varchar(12) NOT NULL REFERENCES region (code),
  catalogue_item_id uuid NOT NULL REFERENCES elderly_homecare_catalogue_item (id),
  item_code         varchar(20) NOT NULL,
  item_name         text NOT NULL,
  category          text NOT NULL,
  unit              text NOT NULL CHECK (unit IN ('visit', 'hour')),
  price_fen         bigint NOT NULL CHECK (price_fen > 0),
  quantity          smallint CHECK (quantity BETWEEN 1 AND 99),
  demand            text CHECK (length(demand) <= 500),
  planned_on        date NOT NULL,
  -- The budget month: the planned month until the service starts, then the start's month.
  service_month     date NOT NULL CHECK (extract(day FROM service_month) = 1),
  state             text NOT NULL DEFAULT 'registered' CHECK (state IN ('registered', 'dispatched', 'in_service', 'served', 'visited', 'settled', 'cancelled')),
  provider_id       uuid REFERENCES elderly_homecare_provider (id),
  worker_name       text CHECK (length(worker_name) BETWEEN 1 AND 50),
  dispatched_at     timestamptz,
  started_at        timestamptz,
  ended_at          timestamptz,
  minutes           integer CHECK (minutes BETWEEN 1 AND 1440),
  amount_fen        bigint CHECK (amount_fen >= 0),
  budget_fen        bigint CHECK (budget_fen >= 0),
  self_pay_fen      bigint CHECK (self_pay_fen >= 0),
  rating            smallint CHECK (rating BETWEEN 1 AND 5),
  visit_comment     text CHECK (length(visit_comment) <= 500),
  visited_at        timestamptz,
  settlement_id     uuid REFERENCES elderly_homecare_settlement (id),
  cancel_reason     text CHECK (length(cancel_reason) BETWEEN 2 AND 200),
  created_by        uuid,
  created_by_name   text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  version           integer NOT NULL DEFAULT 1,
  CHECK (ended_at IS NULL OR ended_at > started_at),
  CHECK ((unit = 'visit') = (quantity IS NOT NULL)),
  CHECK (state IN ('registered', 'cancelled') OR (provider_id IS NOT NULL AND worker_name IS NOT NULL)),
  CHECK (state NOT IN ('in_service', 'served', 'visited', 'settled') OR started_at IS NOT NULL),
  CHECK (state NOT IN ('served', 'visited', 'settled') OR (ended_at IS NOT NULL AND amount_fen = budget_fen + self_pay_fen)),
  CHECK (state NOT IN ('visited', 'settled') OR rating IS NOT NULL),
  CHECK ((state = 'settled') = (settlement_id IS NOT NULL)),
  CHECK ((state = 'cancelled') = (cancel_reason IS NOT NULL))
);
CREATE INDEX elderly_homecare_order_region ON elderly_homecare_order (region_code, state, service_month);
CREATE INDEX elderly_homecare_order_beneficiary ON elderly_homecare_order (beneficiary_id, service_month);
CREATE INDEX elderly_homecare_order_settle ON elderly_homecare_order (service_month, provider_id) WHERE state = 'visited';
CREATE INDEX elderly_homecare_order_settlement ON elderly_homecare_order (settlement_id) WHERE settlement_id IS NOT NULL;
ALTER TABLE elderly_homecare_order ENABLE ROW LEVEL SECURITY;
CREATE POLICY elderly_homecare_order_scope ON elderly_homecare_order TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON elderly_homecare_order FROM mz_app;

-- The state machine in the database too: no writer (a script, a later bug) can skip a step or
-- touch an order once settled or cancelled. Mirrors planOrderTransition in homecare.rules.ts.
CREATE FUNCTION elderly_homecare_order_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state IN ('settled', 'cancelled') THEN
    RAISE EXCEPTION '工单已%，不能再修改', CASE OLD.state WHEN 'settled' THEN '结算' ELSE '取消' END USING ERRCODE = 'P0001';
  END IF;
  IF NEW.state <> OLD.state AND NOT (
       (OLD.state = 'registered' AND NEW.state IN ('dispatched', 'cancelled'))
    OR (OLD.state = 'dispatched' AND NEW.state IN ('in_service', 'cancelled'))
    OR (OLD.state = 'in_service' AND NEW.state = 'served')
    OR (OLD.state = 'served' AND NEW.state = 'visited')
    OR (OLD.state = 'visited' AND NEW.state = 'settled')) THEN
    RAISE EXCEPTION '工单状态不能从 % 变为 %', OLD.state, NEW.state USING ERRCODE = 'P0001';
  END IF;
  IF OLD.state IN ('served', 'visited') AND (NEW.amount_fen, NEW.budget_fen, NEW.self_pay_fen, NEW.service_month, NEW.provider_id)
       IS DISTINCT FROM (OLD.amount_fen, OLD.budget_fen, OLD.self_pay_fen, OLD.service_month, OLD.provider_id) THEN
    RAISE EXCEPTION '已服务的工单金额不能修改' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER elderly_homecare_order_guard BEFORE UPDATE ON elderly_homecare_order FOR EACH ROW EXECUTE FUNCTION elderly_homecare_order_guard();

-- The order's timeline (append-only).
CREATE TABLE elderly_homecare_order_event (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id    uuid NOT NULL REFERENCES elderly_homecare_order (id),
  region_code varchar(12) NOT NULL REFERENCES region (code),
  action      text NOT NULL CHECK (action IN ('register', 'dispatch', 'start', 'finish', 'visit', 'settle', 'cancel')),
  from_state  text,
  to_state    text NOT NULL,
  note        text CHECK (length(note) <= 500),
  by_id       uuid,
  by_name     text,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX elderly_homecare_order_event_order ON elderly_homecare_order_event (order_id, id);
ALTER TABLE elderly_homecare_order_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY elderly_homecare_order_event_scope ON elderly_homecare_order_event TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE UPDATE, DELETE, TRUNCATE ON elderly_homecare_order_event FROM mz_app;

-- 时间银行. A volunteer is a registry person; the account keeps the balance, the CHECK keeps it
-- from going below zero whatever the writer (two concurrent redemptions serialise on the row and
-- the second one is refused), and the ledger is append-only.
CREATE TABLE elderly_timebank_account (
  person_id         uuid PRIMARY KEY REFERENCES registry_person (id),
  region_code       varchar(12) NOT NULL REFERENCES region (code),
  balance_minutes   integer NOT NULL DEFAULT 0 CHECK (balance_minutes >= 0),
  credited_minutes  integer NOT NULL DEFAULT 0 CHECK (credited_minutes >= 0),
  redeemed_minutes  integer NOT NULL DEFAULT 0 CHECK (redeemed_minutes >= 0),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (balance_minutes = credited_minutes - redeemed_minutes)
);
CREATE INDEX elderly_timebank_account_region ON elderly_timebank_account (region_code);
ALTER TABLE elderly_timebank_account ENABLE ROW LEVEL SECURITY;
CREATE POLICY elderly_timebank_account_scope ON elderly_timebank_account TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE DELETE, TRUNCATE ON elderly_timebank_account FROM mz_app;

CREATE TABLE elderly_timebank_entry (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id             uuid NOT NULL REFERENCES elderly_timebank_account (person_id),
  region_code           varchar(12) NOT NULL REFERENCES region (code),
  kind                  text NOT NULL CHECK (kind IN ('credit', 'redeem')),
  minutes               integer NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
  -- credit: whom the volunteer served; redeem: who served the volunteer (optional).
  counterpart_person_id uuid REFERENCES registry_person (id),
  service_date          date NOT NULL,
  description           text NOT NULL CHECK (length(description) BETWEEN 2 AND 200),
  balance_after         integer NOT NULL CHECK (balance_after >= 0),
  created_by            uuid,
  created_by_name       text,
  created_at            timestamptz NOT NULL DEFAULT now(),
  CHECK (kind = 'redeem' OR counterpart_person_id IS NOT NULL),
  CHECK (counterpart_person_id IS DISTINCT FROM person_id)
);
CREATE INDEX elderly_timebank_entry_person ON elderly_timebank_entry (person_id, id);
ALTER TABLE elderly_timebank_entry ENABLE ROW LEVEL SECURITY;
CREATE POLICY elderly_timebank_entry_scope ON elderly_timebank_entry TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
REVOKE UPDATE, DELETE, TRUNCATE ON elderly_timebank_entry FROM mz_app;

CREATE FUNCTION elderly_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% 只能追加，不能修改或删除', TG_TABLE_NAME USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER elderly_timebank_entry_append_only BEFORE UPDATE OR DELETE ON elderly_timebank_entry FOR EACH ROW EXECUTE FUNCTION elderly_append_only();
CREATE TRIGGER elderly_homecare_order_event_append_only BEFORE UPDATE OR DELETE ON elderly_homecare_order_event FOR EACH ROW EXECUTE FUNCTION elderly_append_only();

-- Preset roles: the township/community clerk registers, dispatches, records and visits orders and
-- keeps the time bank; the county clerk also keeps providers, catalogue and enrolments; the county
-- approver settles. Permissions already present (elderly.read from another part) are not repeated.
UPDATE iam_role SET permissions = permissions || ARRAY(
  SELECT unnest(ARRAY['elderly.read', 'elderly.homecare.manage', 'elderly.homecare.order', 'elderly.homecare.timebank']) EXCEPT SELECT unnest(permissions))
  WHERE code = 'clerk' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY(
  SELECT unnest(ARRAY['elderly.read', 'elderly.homecare.order']) EXCEPT SELECT unnest(permissions))
  WHERE code = 'reviewer' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY(
  SELECT unnest(ARRAY['elderly.read', 'elderly.homecare.manage', 'elderly.homecare.settle']) EXCEPT SELECT unnest(permissions))
  WHERE code = 'approver' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY(
  SELECT unnest(ARRAY['elderly.read']) EXCEPT SELECT unnest(permissions))
  WHERE code = 'auditor' AND preset;
