-- Roles and row-level security of the support database (issue 5, part 4; CONTRACT §4: "client-facing
-- roles see only their tenant's rows").
--
-- Group roles, NOLOGIN: the platform team creates the login users and grants them membership
-- (GRANT devicetrail_loader TO job_user), so no password lives in a migration. Roles are
-- cluster-wide in PostgreSQL, so they are created only if missing (the warehouse stand-in's
-- migrations create the same names in the same cluster locally). Creating them needs CREATEROLE;
-- where the migrating user lacks it, the platform team creates the three roles beforehand and this
-- script only grants. The tables' owner (the migrating user) and superusers are not subject to the
-- policies; the local run's job connects as the superuser and keeps doing so.
--
--   devicetrail_loader   the job: writes what it writes and nothing else, every tenant.
--   devicetrail_support  support staff: reads everything, every tenant.
--   devicetrail_client   a client-facing session: reads only the rows of the tenant named by the
--                        session setting devicetrail.tenant_id, and nothing without it.
--
-- The support pages, per request, in one transaction:
--   BEGIN;
--   SET LOCAL ROLE devicetrail_client;
--   SELECT set_config('devicetrail.tenant_id', ?, true);   -- true: local to this transaction
--   SELECT ... FROM device_status WHERE ...;
--   COMMIT;
-- The pages' login user should be NOINHERIT and a member of devicetrail_client (and of
-- devicetrail_support for staff pages), so that it has no rights until it sets a role.

DO $$
DECLARE
  role_name text;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['devicetrail_loader', 'devicetrail_support', 'devicetrail_client']
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- another database's migration created it at the same moment
      END;
    END IF;
  END LOOP;
END
$$;

GRANT USAGE ON SCHEMA public TO devicetrail_loader, devicetrail_support, devicetrail_client;

-- The job's statements (connectors' postgres sinks): upserts forward-only on device and
-- device_latest (INSERT ... ON CONFLICT DO UPDATE ... WHERE, which reads the stored row), insert-if-
-- absent on the append-only tables (INSERT ... ON CONFLICT DO NOTHING, which needs INSERT only).
GRANT SELECT, INSERT, UPDATE ON device, device_latest TO devicetrail_loader;
GRANT INSERT ON signal_recent, activity_recent TO devicetrail_loader;

GRANT SELECT ON device, device_latest, signal_recent, activity_recent, device_status
  TO devicetrail_support, devicetrail_client;

-- Row-level security: a role sees a row only through a policy that names it. The client's policy
-- reads the tenant from the session; missing_ok = true makes an unset setting NULL (no rows, no
-- error) and NULLIF covers a setting emptied when an earlier SET LOCAL ended.
ALTER TABLE device ENABLE ROW LEVEL SECURITY;
ALTER TABLE device_latest ENABLE ROW LEVEL SECURITY;
ALTER TABLE signal_recent ENABLE ROW LEVEL SECURITY;
ALTER TABLE activity_recent ENABLE ROW LEVEL SECURITY;

CREATE POLICY loader_all_rows ON device FOR ALL TO devicetrail_loader USING (true) WITH CHECK (true);
CREATE POLICY loader_all_rows ON device_latest FOR ALL TO devicetrail_loader USING (true) WITH CHECK (true);
CREATE POLICY loader_all_rows ON signal_recent FOR ALL TO devicetrail_loader USING (true) WITH CHECK (true);
CREATE POLICY loader_all_rows ON activity_recent FOR ALL TO devicetrail_loader USING (true) WITH CHECK (true);

CREATE POLICY support_all_rows ON device FOR SELECT TO devicetrail_support USING (true);
CREATE POLICY support_all_rows ON device_latest FOR SELECT TO devicetrail_support USING (true);
CREATE POLICY support_all_rows ON signal_recent FOR SELECT TO devicetrail_support USING (true);
CREATE POLICY support_all_rows ON activity_recent FOR SELECT TO devicetrail_support USING (true);

CREATE POLICY client_own_tenant ON device FOR SELECT TO devicetrail_client
  USING (tenant_id = NULLIF(current_setting('devicetrail.tenant_id', true), ''));
CREATE POLICY client_own_tenant ON device_latest FOR SELECT TO devicetrail_client
  USING (tenant_id = NULLIF(current_setting('devicetrail.tenant_id', true), ''));
CREATE POLICY client_own_tenant ON signal_recent FOR SELECT TO devicetrail_client
  USING (tenant_id = NULLIF(current_setting('devicetrail.tenant_id', true), ''));
CREATE POLICY client_own_tenant ON activity_recent FOR SELECT TO devicetrail_client
  USING (tenant_id = NULLIF(current_setting('devicetrail.tenant_id', true), ''));

-- A view runs with its owner's rights unless it is a security invoker (PostgreSQL 15): without this,
-- device_status would read device_latest as the owner, past every policy above.
ALTER VIEW device_status SET (security_invoker = true);
