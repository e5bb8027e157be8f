-- Redshift as Amazon documents it (issue 10), Amazon Redshift flavour; the stand-in's
-- db/warehouse/postgres/V7__maintenance_role_and_report_functions.sql has the same role, grants and
-- function in PostgreSQL terms.
--
-- 1. Retention under row-level security. On Redshift a table's owner is not exempt from RLS: "For
--    DELETE, you can delete only the rows that are visible to you", and with RLS on and no policy
--    for it, the owner sees no row. The retention command (devicetrail-maintenance, run as the
--    tables' owner because VACUUM needs the owner or a superuser) would delete nothing and report
--    "nothing before <cutoff>". devicetrail_maintenance reads and deletes every row (IGNORE RLS);
--    the platform team grants it to the maintenance user, with a superuser or sys:secadmin:
--      GRANT ROLE devicetrail_maintenance TO devicetrail;
--    Creating the role and granting IGNORE RLS need a superuser or sys:secadmin, as in V3.
-- 2. f_add_seconds(ts, seconds): "integer * INTERVAL" is not documented on Redshift, and DATEADD
--    does not exist on PostgreSQL, so the reports move a timestamp by a computed number of seconds
--    through this function, defined in each flavour with what that flavour documents. DATEADD
--    returns TIMESTAMP; the cast makes the result TIMESTAMPTZ like its argument (sessions in UTC).

CREATE PROCEDURE devicetrail_create_role_if_missing(new_role VARCHAR(128))
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM svv_roles WHERE role_name = new_role) THEN
    EXECUTE 'CREATE ROLE ' || quote_ident(new_role);
  END IF;
END;
$$ LANGUAGE plpgsql;

CALL devicetrail_create_role_if_missing('devicetrail_maintenance');
DROP PROCEDURE devicetrail_create_role_if_missing(VARCHAR);

GRANT USAGE ON SCHEMA public TO ROLE devicetrail_maintenance;
GRANT SELECT, DELETE ON TABLE signal_raw, signal_hourly, signal_daily, activity_event
  TO ROLE devicetrail_maintenance;
GRANT IGNORE RLS TO ROLE devicetrail_maintenance;

CREATE FUNCTION f_add_seconds(TIMESTAMPTZ, INTEGER)
RETURNS TIMESTAMPTZ
STABLE
AS $$
  SELECT CAST(DATEADD(second, $2, $1) AS TIMESTAMPTZ)
$$ LANGUAGE sql;

GRANT EXECUTE ON FUNCTION f_add_seconds(TIMESTAMPTZ, INTEGER)
  TO ROLE devicetrail_analyst, ROLE devicetrail_client;
