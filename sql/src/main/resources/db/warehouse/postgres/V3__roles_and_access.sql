-- Roles and row-level security of the warehouse (issue 5, part 4), PostgreSQL stand-in flavour of
-- db/warehouse/redshift/V3__roles_and_access.sql: the same roles, the same privileges, and row-level
-- security restricting the same relations; WarehouseFlavoursTest holds the two together.
--
-- Group roles, NOLOGIN, created only if missing (roles are cluster-wide; the support database's
-- migrations create devicetrail_loader and devicetrail_client in the same cluster locally). Login
-- users are the platform team's, granted membership. The owner (the migrating user) and superusers
-- bypass the policies; the local run keeps connecting as the superuser.
--
--   devicetrail_loader    the job's warehouse sinks and the reconcile command: exactly the
--                         statements they run (see the grants), every tenant.
--   devicetrail_analyst   read-only, every table and view, every tenant.
--   devicetrail_client    read-only, only the rows of the tenant in the session setting
--                         devicetrail.tenant_id (SET LOCAL ROLE devicetrail_client;
--                         SELECT set_config('devicetrail.tenant_id', ?, true)); nothing without it.

DO $$
DECLARE
  role_name text;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['devicetrail_loader', 'devicetrail_analyst', 'devicetrail_client']
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

GRANT USAGE ON SCHEMA public TO devicetrail_loader, devicetrail_analyst, devicetrail_client;

-- The sinks (connectors' WarehouseDialect) stage each batch in a TEMP table (TEMPORARY on the
-- database: PUBLIC has it by default), read the target to prune the stage, then insert
-- (signal_raw, activity_event, dim_device_change), MERGE (the rollups), or rewrite and delete
-- versions (dim_device).
GRANT SELECT, INSERT ON signal_raw, activity_event, dim_device_change TO devicetrail_loader;
GRANT SELECT, INSERT, UPDATE ON signal_hourly, signal_daily TO devicetrail_loader;
GRANT SELECT, INSERT, UPDATE, DELETE ON dim_device TO devicetrail_loader;

GRANT SELECT ON signal_raw, signal_hourly, signal_daily, activity_event, dim_device,
  dim_device_change, signal_series_all TO devicetrail_analyst, devicetrail_client;
GRANT EXECUTE ON FUNCTION f_signal_tier(TIMESTAMPTZ, TIMESTAMPTZ, TIMESTAMPTZ)
  TO devicetrail_analyst, devicetrail_client;
GRANT EXECUTE ON FUNCTION signal_series(VARCHAR, VARCHAR, TIMESTAMPTZ, TIMESTAMPTZ, TIMESTAMPTZ)
  TO devicetrail_analyst, devicetrail_client;

-- Redshift turns RLS on and attaches one tenant policy to the client role, and grants IGNORE RLS to
-- the loader and the analyst; here each role gets a policy naming it.
ALTER TABLE signal_raw ENABLE ROW LEVEL SECURITY;
ALTER TABLE signal_hourly ENABLE ROW LEVEL SECURITY;
ALTER TABLE signal_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE activity_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE dim_device ENABLE ROW LEVEL SECURITY;
ALTER TABLE dim_device_change ENABLE ROW LEVEL SECURITY;

CREATE POLICY loader_all_rows ON signal_raw FOR ALL TO devicetrail_loader USING (true) WITH CHECK (true);
CREATE POLICY loader_all_rows ON signal_hourly FOR ALL TO devicetrail_loader USING (true) WITH CHECK (true);
CREATE POLICY loader_all_rows ON signal_daily FOR ALL TO devicetrail_loader USING (true) WITH CHECK (true);
CREATE POLICY loader_all_rows ON activity_event FOR ALL TO devicetrail_loader USING (true) WITH CHECK (true);
CREATE POLICY loader_all_rows ON dim_device FOR ALL TO devicetrail_loader USING (true) WITH CHECK (true);
CREATE POLICY loader_all_rows ON dim_device_change FOR ALL TO devicetrail_loader USING (true) WITH CHECK (true);

CREATE POLICY analyst_all_rows ON signal_raw FOR SELECT TO devicetrail_analyst USING (true);
CREATE POLICY analyst_all_rows ON signal_hourly FOR SELECT TO devicetrail_analyst USING (true);
CREATE POLICY analyst_all_rows ON signal_daily FOR SELECT TO devicetrail_analyst USING (true);
CREATE POLICY analyst_all_rows ON activity_event FOR SELECT TO devicetrail_analyst USING (true);
CREATE POLICY analyst_all_rows ON dim_device FOR SELECT TO devicetrail_analyst USING (true);
CREATE POLICY analyst_all_rows ON dim_device_change FOR SELECT TO devicetrail_analyst USING (true);

CREATE POLICY client_own_tenant ON signal_raw FOR SELECT TO devicetrail_client
  USING (tenant_id = NULLIF(current_setting('devicetrail.tenant_id', true), ''));
CREATE POLICY client_own_tenant ON signal_hourly FOR SELECT TO devicetrail_client
  USING (tenant_id = NULLIF(current_setting('devicetrail.tenant_id', true), ''));
CREATE POLICY client_own_tenant ON signal_daily FOR SELECT TO devicetrail_client
  USING (tenant_id = NULLIF(current_setting('devicetrail.tenant_id', true), ''));
CREATE POLICY client_own_tenant ON activity_event FOR SELECT TO devicetrail_client
  USING (tenant_id = NULLIF(current_setting('devicetrail.tenant_id', true), ''));
CREATE POLICY client_own_tenant ON dim_device FOR SELECT TO devicetrail_client
  USING (tenant_id = NULLIF(current_setting('devicetrail.tenant_id', true), ''));
CREATE POLICY client_own_tenant ON dim_device_change FOR SELECT TO devicetrail_client
  USING (tenant_id = NULLIF(current_setting('devicetrail.tenant_id', true), ''));
