-- Accounts, roles, sessions and API tokens.
CREATE TABLE iam_role (
  code        text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,31}$'),
  name        text NOT NULL,
  description text NOT NULL DEFAULT '',
  permissions text[] NOT NULL,
  preset      boolean NOT NULL DEFAULT false
);

CREATE TABLE iam_user (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username            text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{2,31}$'),
  display_name        text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
  region_code         varchar(12) NOT NULL REFERENCES region (code),
  password_hash       text NOT NULL,
  status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  failed_logins       integer NOT NULL DEFAULT 0,
  locked_until        timestamptz,
  last_login_at       timestamptz,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  created_by          uuid
);
CREATE UNIQUE INDEX iam_user_username ON iam_user (username);
CREATE INDEX iam_user_region ON iam_user (region_code);

CREATE TABLE iam_user_role (
  user_id   uuid NOT NULL REFERENCES iam_user (id) ON DELETE CASCADE,
  role_code text NOT NULL REFERENCES iam_role (code),
  PRIMARY KEY (user_id, role_code)
);

-- Session tokens and API tokens are stored only as SHA-256 hashes: a leaked table opens nothing.
CREATE TABLE iam_session (
  token_hash   text PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES iam_user (id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  ip           text,
  user_agent   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);
CREATE INDEX iam_session_user ON iam_session (user_id);

CREATE TABLE iam_api_token (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  token_hash   text NOT NULL UNIQUE,
  region_code  varchar(12) NOT NULL REFERENCES region (code),
  permissions  text[] NOT NULL,
  created_by   uuid REFERENCES iam_user (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz,
  revoked_at   timestamptz,
  last_used_at timestamptz
);
CREATE INDEX iam_api_token_region ON iam_api_token (region_code);

-- Jurisdiction enforced by the database: under the mz_app role a row outside the actor's
-- subtree is neither visible nor writable, whatever the query says.
ALTER TABLE iam_user ENABLE ROW LEVEL SECURITY;
CREATE POLICY iam_user_scope ON iam_user TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());

ALTER TABLE iam_user_role ENABLE ROW LEVEL SECURITY;
CREATE POLICY iam_user_role_scope ON iam_user_role TO mz_app
  USING (EXISTS (SELECT 1 FROM iam_user u WHERE u.id = user_id))
  WITH CHECK (EXISTS (SELECT 1 FROM iam_user u WHERE u.id = user_id));

ALTER TABLE iam_api_token ENABLE ROW LEVEL SECURITY;
CREATE POLICY iam_api_token_scope ON iam_api_token TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());

-- Sessions are resolved before an actor exists (system transaction); the app role never reads them.
REVOKE ALL ON iam_session FROM mz_app;

INSERT INTO iam_role (code, name, description, permissions, preset) VALUES
  ('clerk', '经办', '录入、受理业务，查询本辖区数据', ARRAY['region.read', 'case.create', 'case.accept', 'person.read', 'person.write'], true),
  ('reviewer', '审核', '对本辖区业务进行审核', ARRAY['region.read', 'case.review', 'person.read'], true),
  ('approver', '审批', '对本辖区业务作出审批决定', ARRAY['region.read', 'case.approve', 'person.read'], true),
  ('admin', '管理员', '管理本辖区内的用户、角色分配与接口令牌', ARRAY['region.read', 'user.read', 'user.manage', 'token.manage', 'audit.read'], true),
  ('auditor', '查询', '只读查询本辖区业务数据与审计日志', ARRAY['region.read', 'person.read', 'audit.read', 'user.read'], true);

-- Two narrow system operations the restricted role needs, without reading other rows:
-- whether a username is taken anywhere in the deployment (usernames are global), and ending a
-- user's sessions when an administrator disables the account or resets its password.
CREATE FUNCTION iam_user_username_taken(name text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT EXISTS (SELECT 1 FROM iam_user WHERE username = name) $$;
CREATE FUNCTION iam_revoke_sessions(uid uuid) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public
  AS $$ UPDATE iam_session SET revoked_at = now() WHERE user_id = uid AND revoked_at IS NULL $$;
-- Only for users the caller can see: the policy on iam_user decides.
REVOKE EXECUTE ON FUNCTION iam_revoke_sessions(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION iam_revoke_sessions(uuid) TO mz_app;
