-- Platform foundation: extensions and the restricted role request transactions run as.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Roles are cluster-wide: create once, tolerate a second database on the same server.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mz_app') THEN
    CREATE ROLE mz_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END $$;

-- A non-superuser owner must be a member to SET ROLE mz_app; superusers (PGlite) already may.
DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT mz_app TO %I', current_user);
  END IF;
END $$;

GRANT USAGE ON SCHEMA public TO mz_app;
-- Tables created later by the migrating role are usable by mz_app; each module then narrows
-- (audit rows, for instance, can never be updated or deleted by it).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO mz_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO mz_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO mz_app;

-- Helpers the row-level-security policies of every module use. current_setting(..., true) is
-- NULL outside a scoped transaction, so an unscoped mz_app query sees nothing.
CREATE OR REPLACE FUNCTION mz_scope_from() RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('mz.region_from', true), '') $$;
CREATE OR REPLACE FUNCTION mz_scope_to() RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('mz.region_to', true), '') $$;
