-- Five-level statistical division tree (统计用区划代码). Codes are always 12 digits; the level says
-- how many of them are significant (2/4/6/9/12). Text, not char(12): char adds casts in joins.
-- Only the loader writes this table and it validates every code first; a per-row regex CHECK
-- would add a second to every load of the 665k rows.
CREATE TABLE region (
  code        varchar(12) PRIMARY KEY CHECK (length(code) = 12),
  name        text NOT NULL,
  level       smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  -- No foreign key: the loader is the only writer and checks every parent in one anti-join, which
  -- is far cheaper than 665k deferred trigger checks.
  parent_code varchar(12),
  CHECK ((level = 1) = (parent_code IS NULL))
);
CREATE INDEX region_parent ON region (parent_code);

-- Which published data set is loaded, so a newer NBS release can replace it deliberately.
CREATE TABLE region_dataset (
  id          smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  source      text NOT NULL,
  data_year   smallint NOT NULL,
  row_count   integer NOT NULL,
  loaded_at   timestamptz NOT NULL DEFAULT now()
);
