-- Redshift as Amazon documents it (issue 10), PostgreSQL stand-in flavour of
-- db/warehouse/redshift/V7__maintenance_role_and_report_functions.sql: the same role, grants and
-- function. Here the owner bypasses row-level security (Redshift's does not): the role gets a
-- policy on every restricted table, as the loader and the analyst have in V3, so the two flavours
-- agree on who reads every row (WarehouseFlavoursTest).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'devicetrail_maintenance') THEN
    BEGIN
      CREATE ROLE devicetrail_maintenance NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- another database's migration created it at the same moment
    END;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO devicetrail_maintenance;
GRANT SELECT, DELETE ON signal_raw, signal_hourly, signal_daily, activity_event
  TO devicetrail_maintenance;

CREATE POLICY maintenance_all_rows ON signal_raw FOR ALL TO devicetrail_maintenance USING (true) WITH CHECK (true);
CREATE POLICY maintenance_all_rows ON signal_hourly FOR ALL TO devicetrail_maintenance USING (true) WITH CHECK (true);
CREATE POLICY maintenance_all_rows ON signal_daily FOR ALL TO devicetrail_maintenance USING (true) WITH CHECK (true);
CREATE POLICY maintenance_all_rows ON activity_event FOR ALL TO devicetrail_maintenance USING (true) WITH CHECK (true);
CREATE POLICY maintenance_all_rows ON dim_device FOR ALL TO devicetrail_maintenance USING (true) WITH CHECK (true);
CREATE POLICY maintenance_all_rows ON dim_device_change FOR ALL TO devicetrail_maintenance USING (true) WITH CHECK (true);

-- PostgreSQL documents interval arithmetic; make_interval keeps the argument an integer.
CREATE FUNCTION f_add_seconds(TIMESTAMPTZ, INTEGER)
RETURNS TIMESTAMPTZ
STABLE
AS $$
  SELECT $1 + make_interval(secs => $2)
$$ LANGUAGE sql;

GRANT EXECUTE ON FUNCTION f_add_seconds(TIMESTAMPTZ, INTEGER)
  TO devicetrail_analyst, devicetrail_client;
