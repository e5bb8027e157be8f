-- Hardening of the support database (issue 12, item 7) and the site history of devices (item 5).
--
-- 1. FORCE ROW LEVEL SECURITY on every table, partitions included. Without FORCE the tables' owner
--    bypasses every policy, and so does every view that is not security_invoker and every function
--    that runs as the owner: a view created later without security_invoker would have shown a client
--    every tenant. With FORCE, the owner too reads only through a policy. Its policy,
--    owner_maintains, names the owner and lets it through only when the session itself runs as the
--    owner (current_user): a view owned by the owner and read by a client runs the policies as the
--    owner but with current_user the client, so it shows nothing. The maintenance command (retention:
--    counts, moves and drops partition rows) and the migrations run as the owner and keep working.
--    Superusers are never subject to row-level security (the local run's job connects as one).
-- 2. Every partition gets its parent's row-level security, policies and grants (V5 created the
--    partitions without them: PostgreSQL applies the parent's policies to reads through the parent,
--    but a partition named directly is a table of its own). devicetrail_secure_partition(parent,
--    partition) does that; devicetrail-maintenance retention calls it for every partition it creates.
-- 3. device_site_history: the sites a device has been at, from the device table's changes, written
--    by a trigger on device (its only writer), idempotently (key device_id, valid_from).
-- 4. device_status may be evaluated as of another instant: a reader that sets devicetrail.now (a
--    timestamptz, local to its transaction) gets the statuses at that instant instead of now(). The
--    support pages set it from their clock, so tests run on a fixed clock; unset, nothing changes.

-- ---------------------------------------------------------------------------------- partitions

CREATE FUNCTION devicetrail_secure_partition(parent regclass, part regclass) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  pol   record;
  acl   record;
  roles text;
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', part);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', part);
  -- The parent's policies, by name: ones the partition already has are left as they are.
  FOR pol IN
    SELECT p.* FROM pg_policies p
    JOIN pg_class c ON c.relname = p.tablename
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = p.schemaname
    WHERE c.oid = parent
      AND NOT EXISTS (SELECT 1 FROM pg_policy q WHERE q.polrelid = part AND q.polname = p.policyname)
  LOOP
    SELECT string_agg(CASE WHEN r = 'public' THEN 'PUBLIC' ELSE quote_ident(r) END, ', ')
      INTO roles FROM unnest(pol.roles) AS r;
    EXECUTE format('CREATE POLICY %I ON %s AS %s FOR %s TO %s%s%s', pol.policyname, part,
      pol.permissive, pol.cmd, roles,
      CASE WHEN pol.qual IS NULL THEN '' ELSE ' USING (' || pol.qual || ')' END,
      CASE WHEN pol.with_check IS NULL THEN '' ELSE ' WITH CHECK (' || pol.with_check || ')' END);
  END LOOP;
  -- The parent's grants, so that a partition named directly answers as its parent does.
  FOR acl IN
    SELECT a.grantee, a.privilege_type FROM pg_class c, aclexplode(c.relacl) a
    WHERE c.oid = parent AND a.grantee <> c.relowner
  LOOP
    EXECUTE format('GRANT %s ON %s TO %s', acl.privilege_type, part,
      CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(acl.grantee)) END);
  END LOOP;
END
$$;

REVOKE ALL ON FUNCTION devicetrail_secure_partition(regclass, regclass) FROM PUBLIC;

COMMENT ON FUNCTION devicetrail_secure_partition(regclass, regclass) IS
  'Gives a partition its parent''s row-level security (enabled and forced), policies and grants; devicetrail-maintenance retention calls it for every daily partition it creates.';

-- ------------------------------------------------------------------------------ site history

CREATE TABLE device_site_history (
    device_id   text        NOT NULL,
    tenant_id   text        NOT NULL,
    site        text,
    valid_from  timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT device_site_history_pkey PRIMARY KEY (device_id, valid_from)
);
CREATE INDEX device_site_history_tenant_idx ON device_site_history (tenant_id, device_id);

COMMENT ON TABLE device_site_history IS
  'The sites each device has been at: one row per change of device.site (and the site the device was first listed at), written by the trigger on device only, kept always.';
COMMENT ON COLUMN device_site_history.device_id IS 'The device (device.device_id).';
COMMENT ON COLUMN device_site_history.tenant_id IS 'The device''s tenant.';
COMMENT ON COLUMN device_site_history.site IS 'The site from valid_from on; null when the vendor lists none.';
COMMENT ON COLUMN device_site_history.valid_from IS 'The vendor''s updated_at of the device version that showed this site: the change happened at or before it.';
COMMENT ON COLUMN device_site_history.recorded_at IS 'When the support database recorded the change.';

-- A row per site change. The job's device upsert only moves forward in updated_at, so a replayed or
-- older snapshot fires no update; ON CONFLICT DO NOTHING covers the rest.
CREATE FUNCTION devicetrail_record_site_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.site IS DISTINCT FROM OLD.site THEN
    INSERT INTO device_site_history (device_id, tenant_id, site, valid_from)
    VALUES (NEW.device_id, NEW.tenant_id, NEW.site, NEW.updated_at)
    ON CONFLICT (device_id, valid_from) DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;

COMMENT ON FUNCTION devicetrail_record_site_change() IS
  'Trigger function on device: records a new site in device_site_history.';

CREATE TRIGGER device_site_change AFTER INSERT OR UPDATE OF site ON device
  FOR EACH ROW EXECUTE FUNCTION devicetrail_record_site_change();

INSERT INTO device_site_history (device_id, tenant_id, site, valid_from)
SELECT device_id, tenant_id, site, updated_at FROM device
ON CONFLICT (device_id, valid_from) DO NOTHING;

-- The trigger runs as whoever writes device: the loader inserts (ON CONFLICT DO NOTHING needs INSERT
-- only), and reads nothing of it.
GRANT INSERT ON device_site_history TO devicetrail_loader;
GRANT SELECT ON device_site_history TO devicetrail_support, devicetrail_client;
ALTER TABLE device_site_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY loader_all_rows ON device_site_history FOR ALL TO devicetrail_loader
  USING (true) WITH CHECK (true);
CREATE POLICY support_all_rows ON device_site_history FOR SELECT TO devicetrail_support USING (true);
CREATE POLICY client_own_tenant ON device_site_history FOR SELECT TO devicetrail_client
  USING (tenant_id = NULLIF(current_setting('devicetrail.tenant_id', true), ''));

-- ------------------------------------------------------------------------ forced row security

DO $$
DECLARE
  t record;
BEGIN
  -- Every table of the schema but Flyway's own, parents first, then every partition.
  FOR t IN
    SELECT c.oid, c.relname, c.relispartition, pg_get_userbyid(c.relowner) AS owner
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
      AND c.relname <> 'flyway_schema_history'
    ORDER BY c.relispartition, c.relname
  LOOP
    IF NOT t.relispartition THEN
      EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.relname);
      EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.relname);
      EXECUTE format('CREATE POLICY owner_maintains ON %I FOR ALL TO %I'
        || ' USING (current_user = %L) WITH CHECK (current_user = %L)',
        t.relname, t.owner, t.owner, t.owner);
    END IF;
  END LOOP;
  FOR t IN
    SELECT c.oid AS part, i.inhparent AS parent
    FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relispartition AND c.relkind IN ('r', 'p')
  LOOP
    PERFORM devicetrail_secure_partition(t.parent, t.part);
  END LOOP;
END
$$;

-- ---------------------------------------------------------------------- status as of an instant

CREATE OR REPLACE VIEW device_status WITH (security_invoker = true) AS
WITH c AS (
  SELECT l.*,
         COALESCE(l.learned_upload_gap_s, l.learned_interval_s, 3600) AS gap_s,
         COALESCE(l.last_upload_at, l.last_reading_ts, l.last_activity_ts) AS last_seen_at,
         COALESCE(NULLIF(current_setting('devicetrail.now', true), '')::timestamptz, now())
           AS as_of
  FROM device_latest l
)
SELECT c.device_id, c.tenant_id, c.last_reading_ts, c.rssi_dbm, c.snr_db, c.cell_id, c.lat, c.lon,
       c.battery_mv, c.last_activity_ts, c.last_activity_type, c.last_activity_outcome,
       c.learned_interval_s, c.learned_upload_gap_s, c.next_upload_due_at, c.last_upload_at,
       c.updated_at,
       CASE
         WHEN c.last_seen_at IS NULL
           OR c.as_of > c.last_seen_at + make_interval(secs => 3 * c.gap_s) THEN 'SILENT'
         WHEN c.as_of > COALESCE(c.next_upload_due_at, c.last_seen_at + make_interval(secs => c.gap_s))
           THEN 'OVERDUE'
         WHEN c.gap_s <= 2 * COALESCE(c.learned_interval_s, 0)
           OR c.as_of <= c.last_seen_at + interval '5 minutes' THEN 'AWAKE'
         ELSE 'ASLEEP'
       END AS status
FROM c;

COMMENT ON VIEW device_status IS
  'device_latest plus status (AWAKE, ASLEEP, OVERDUE, SILENT) computed from the clock at read time (now(), or the timestamptz in the setting devicetrail.now when a reader sets it).';
