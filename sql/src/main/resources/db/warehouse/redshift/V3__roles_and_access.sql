-- Roles and row-level security of the warehouse (issue 5, part 4), Amazon Redshift flavour. The
-- stand-in's db/warehouse/postgres/V3__roles_and_access.sql has the same roles, privileges and
-- restricted relations in PostgreSQL terms; WarehouseFlavoursTest holds the two together.
--
--   devicetrail_loader    the job's warehouse sinks and the reconcile command: exactly the
--                         statements they run (see the grants), every tenant (IGNORE RLS).
--   devicetrail_analyst   read-only, every table and view, every tenant (IGNORE RLS).
--   devicetrail_client    read-only, only the rows of the tenant in the session context variable
--                         devicetrail.tenant_id: SELECT set_config('devicetrail.tenant_id', ?, FALSE)
--                         after connecting. Without it the policy's current_setting(..., FALSE)
--                         raises an error, so such a session reads nothing.
--
-- RBAC roles, created only if missing (Redshift has no CREATE ROLE IF NOT EXISTS: a throw-away
-- procedure checks svv_roles). Login users are the platform team's: GRANT ROLE devicetrail_analyst
-- TO <user>. Creating roles and RLS policies needs a superuser or the sys:secadmin role; where the
-- migrating user has neither, the security admin runs this version's statements by hand and
-- inserts its history row. Not run against a real cluster here (no Redshift in the build): the
-- stand-in runs the PostgreSQL equivalent, and WarehouseFlavoursTest parses this text.
-- Also to check on a real cluster: LOCK by the loader (the sinks LOCK their targets; Redshift's
-- documentation names no privilege for it).

CREATE PROCEDURE devicetrail_create_role_if_missing(new_role VARCHAR(128))
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM svv_roles WHERE role_name = new_role) THEN
    EXECUTE 'CREATE ROLE ' || quote_ident(new_role);
  END IF;
END;
$$ LANGUAGE plpgsql;

CALL devicetrail_create_role_if_missing('devicetrail_loader');
CALL devicetrail_create_role_if_missing('devicetrail_analyst');
CALL devicetrail_create_role_if_missing('devicetrail_client');
DROP PROCEDURE devicetrail_create_role_if_missing(VARCHAR);

GRANT USAGE ON SCHEMA public TO ROLE devicetrail_loader, ROLE devicetrail_analyst, ROLE devicetrail_client;

-- The sinks (connectors' WarehouseDialect) LOCK their targets, stage each batch in a TEMP table
-- (TEMP on the database: PUBLIC has it by default), read the target to prune the stage, then insert
-- (signal_raw, activity_event, dim_device_change), MERGE (the rollups), or rewrite and delete
-- versions (dim_device); RedshiftDialect.loadSignalRawFromArchive adds COPY into a TEMP stage.
GRANT SELECT, INSERT ON TABLE signal_raw, activity_event, dim_device_change TO ROLE devicetrail_loader;
GRANT SELECT, INSERT, UPDATE ON TABLE signal_hourly, signal_daily TO ROLE devicetrail_loader;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE dim_device TO ROLE devicetrail_loader;

GRANT SELECT ON TABLE signal_raw, signal_hourly, signal_daily, activity_event, dim_device,
  dim_device_change, signal_series_all TO ROLE devicetrail_analyst, ROLE devicetrail_client;
GRANT EXECUTE ON FUNCTION f_signal_tier(TIMESTAMPTZ, TIMESTAMPTZ, TIMESTAMPTZ)
  TO ROLE devicetrail_analyst, ROLE devicetrail_client;

-- Row-level security: on for every table and for the view (Redshift applies policies attached to a
-- view to the session reading it). Roles with IGNORE RLS read every row; the client reads through
-- its one tenant policy; any other role reads nothing from a table with RLS on.
GRANT IGNORE RLS TO ROLE devicetrail_loader;
GRANT IGNORE RLS TO ROLE devicetrail_analyst;

CREATE RLS POLICY devicetrail_client_own_tenant
WITH (tenant_id VARCHAR(512))
USING (tenant_id = current_setting('devicetrail.tenant_id', FALSE));

ATTACH RLS POLICY devicetrail_client_own_tenant
ON signal_raw, signal_hourly, signal_daily, activity_event, dim_device, dim_device_change,
  signal_series_all
TO ROLE devicetrail_client;

ALTER TABLE signal_raw ROW LEVEL SECURITY ON;
ALTER TABLE signal_hourly ROW LEVEL SECURITY ON;
ALTER TABLE signal_daily ROW LEVEL SECURITY ON;
ALTER TABLE activity_event ROW LEVEL SECURITY ON;
ALTER TABLE dim_device ROW LEVEL SECURITY ON;
ALTER TABLE dim_device_change ROW LEVEL SECURITY ON;
ALTER TABLE signal_series_all ROW LEVEL SECURITY ON;
