-- 统计与监测: the refresh writes fewer index entries.
--
-- statistics_value_level (period, level, region_code) served no query: the dashboard reads a
-- region's series through statistics_value_region and its children through the primary key, the
-- report forms through the primary key, the refresh deletes a month through the primary key. It
-- cost one more index entry for every value a refresh writes (at a million persons, hundreds of
-- thousands a month).
DROP INDEX statistics_value_level;
