-- 养老服务, part 4 (allowance), continued: the monthly review of 养老服务补贴 and 护理补贴 (养老补贴复核名单)
-- rides on the 高龄津贴 run's tables. A run now belongs to a scheme — 'longevity' (高龄津贴资格名单) or
-- 'subsidies' (the two subsidies' 复核名单) — so a county has one list of each per month; an item names
-- its programme (a person may receive both subsidies) and, for the subsidies, the assessed level
-- that decided it.

ALTER TABLE elderly_allowance_run ADD COLUMN scheme text NOT NULL DEFAULT 'longevity' CHECK (scheme IN ('longevity', 'subsidies'));
ALTER TABLE elderly_allowance_run DROP CONSTRAINT elderly_allowance_run_region_code_month_key;
ALTER TABLE elderly_allowance_run ADD CONSTRAINT elderly_allowance_run_scheme_month UNIQUE (region_code, scheme, month);

ALTER TABLE elderly_allowance_run_item ADD COLUMN programme text NOT NULL DEFAULT 'longevity'
  CHECK (programme IN ('longevity', 'elderly_service', 'elderly_care'));
ALTER TABLE elderly_allowance_run_item DROP CONSTRAINT elderly_allowance_run_item_pkey;
ALTER TABLE elderly_allowance_run_item ADD PRIMARY KEY (run_id, programme, person_id);
-- New kinds: level_change (the reassessed level has another amount), stop_level (the reassessed
-- level has no amount: stopped), reassessment_overdue (flagged only; approval changes nothing).
ALTER TABLE elderly_allowance_run_item DROP CONSTRAINT elderly_allowance_run_item_kind_check;
ALTER TABLE elderly_allowance_run_item ADD CONSTRAINT elderly_allowance_run_item_kind_check CHECK (kind IN (
  'new', 'bracket_change', 'stop_death', 'stop_moved', 'stop_ineligible', 'eligible_unapplied', 'level_change', 'stop_level', 'reassessment_overdue'));
-- The subsidies' facts as the run read them: the level paid and the current assessment's level,
-- its id, date and next due date; for a low-income stop, the last month the person was 特困/低保/低保边缘.
ALTER TABLE elderly_allowance_run_item ADD COLUMN level smallint CHECK (level BETWEEN 0 AND 4);
ALTER TABLE elderly_allowance_run_item ADD COLUMN previous_level smallint CHECK (previous_level BETWEEN 0 AND 4);
ALTER TABLE elderly_allowance_run_item ADD COLUMN assessment_id uuid;
ALTER TABLE elderly_allowance_run_item ADD COLUMN assessed_on date;
ALTER TABLE elderly_allowance_run_item ADD COLUMN next_due_on date;
ALTER TABLE elderly_allowance_run_item ADD COLUMN low_income_until date CHECK (extract(day FROM low_income_until) = 1);
