-- Daily partitions for signal_recent (kept 14 days) and activity_recent (kept 30 days), CONTRACT §4:
-- retention drops whole days (devicetrail-maintenance retention) instead of deleting rows.
--
-- Each table becomes RANGE-partitioned by ts, one partition per UTC day (<table>_pYYYYMMDD), plus a
-- default partition (<table>_default) that catches rows outside the days created so far (a reading
-- uploaded weeks late, or days the maintenance command has not created yet); the command moves such
-- rows into their day when it creates it, and deletes what is past retention.
--
-- A partitioned table's keys must contain the partition column: signal_recent keeps (device_id, ts);
-- activity_recent's key becomes (event_id, ts) and its writer says ON CONFLICT (event_id, ts). An
-- event's ts never changes, so the pair identifies it as event_id did.
--
-- How: the old table is renamed <table>_legacy and a partitioned table takes its name with the same
-- columns, defaults, NOT NULLs, column comments, indexes, table comment, owner, grants, row-level
-- security and policies (copied from the catalog, so whatever earlier migrations granted or defined
-- is kept), and views on the old table are re-pointed to the new one (CREATE OR REPLACE VIEW keeps
-- their grants and comments). Rows are not copied: a non-empty old table is attached whole as the
-- partition FROM (MINVALUE) TO (tomorrow), and retention drops it once tomorrow is past retention;
-- an empty one is dropped. Daily partitions are created from then (yesterday for a fresh database)
-- to 7 days ahead; the maintenance command keeps creating them ahead.
-- A materialized view on either table stops the migration with a message (it cannot be re-pointed).

CREATE FUNCTION pg_temp.devicetrail_partition_by_day(tbl text, pk text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  legacy   text := tbl || '_legacy';
  views    record;
  idx      record;
  acl      record;
  pol      record;
  col      record;
  view_defs text[] := '{}';
  index_defs text[] := '{}';
  stmt     text;
  has_rows boolean;
  today    date := (now() AT TIME ZONE 'UTC')::date;
  first_day date;
  d        date;
  roles    text;
  pk_name  name;
  pk_matches boolean;
BEGIN
  -- Capture, while the names still resolve to the old table: dependent views, secondary indexes.
  FOR views IN
    SELECT DISTINCT v.oid, v.relkind, format('%I.%I', n.nspname, v.relname) AS name,
           pg_get_viewdef(v.oid) AS def, v.reloptions
    FROM pg_depend dep
    JOIN pg_rewrite r ON r.oid = dep.objid
    JOIN pg_class v ON v.oid = r.ev_class
    JOIN pg_namespace n ON n.oid = v.relnamespace
    WHERE dep.classid = 'pg_rewrite'::regclass
      AND dep.refobjid = tbl::regclass
      AND v.oid <> tbl::regclass
  LOOP
    IF views.relkind <> 'v' THEN
      RAISE EXCEPTION 'materialized view % depends on %: drop it, migrate, and create it again',
        views.name, tbl;
    END IF;
    view_defs := view_defs || format('CREATE OR REPLACE VIEW %s%s AS %s', views.name,
      CASE WHEN views.reloptions IS NULL THEN ''
           ELSE ' WITH (' || array_to_string(views.reloptions, ', ') || ')' END,
      rtrim(rtrim(views.def), ';'));
  END LOOP;
  FOR idx IN
    SELECT pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i WHERE i.indrelid = tbl::regclass AND NOT i.indisprimary
  LOOP
    index_defs := index_defs || idx.def;
  END LOOP;

  -- Free the names: the table, then its indexes (the primary key's among them).
  EXECUTE format('ALTER TABLE %I RENAME TO %I', tbl, legacy);
  FOR idx IN
    SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid = legacy::regclass
  LOOP
    EXECUTE format('ALTER INDEX %I RENAME TO %I', idx.relname, left(idx.relname, 55) || '_legacy');
  END LOOP;

  EXECUTE format(
    'CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING COMMENTS'
    ' INCLUDING STORAGE INCLUDING STATISTICS) PARTITION BY RANGE (ts)', tbl, legacy);
  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (%s)', tbl, tbl || '_pkey',
    (SELECT string_agg(quote_ident(k), ', ') FROM unnest(pk) AS k));
  FOREACH stmt IN ARRAY index_defs LOOP
    EXECUTE stmt;
  END LOOP;
  EXECUTE format('COMMENT ON TABLE %I IS %L', tbl, obj_description(legacy::regclass, 'pg_class'));
  IF (SELECT relowner FROM pg_class WHERE oid = legacy::regclass)
     <> (SELECT relowner FROM pg_class WHERE oid = tbl::regclass) THEN
    EXECUTE format('ALTER TABLE %I OWNER TO %I', tbl,
      (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = legacy::regclass));
  END IF;

  -- Grants, table-level then column-level; the owner's own rights are implicit.
  FOR acl IN
    SELECT a.grantee, a.privilege_type, a.is_grantable
    FROM pg_class c, aclexplode(c.relacl) a
    WHERE c.oid = legacy::regclass AND a.grantee <> c.relowner
  LOOP
    EXECUTE format('GRANT %s ON %I TO %s%s', acl.privilege_type, tbl,
      CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(acl.grantee)) END,
      CASE WHEN acl.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
  END LOOP;
  FOR col IN
    SELECT att.attname, a.grantee, a.privilege_type, a.is_grantable
    FROM pg_attribute att, aclexplode(att.attacl) a
    WHERE att.attrelid = legacy::regclass AND att.attacl IS NOT NULL
  LOOP
    EXECUTE format('GRANT %s (%I) ON %I TO %s%s', col.privilege_type, col.attname, tbl,
      CASE WHEN col.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(col.grantee)) END,
      CASE WHEN col.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
  END LOOP;

  -- Row-level security and its policies.
  IF (SELECT relrowsecurity FROM pg_class WHERE oid = legacy::regclass) THEN
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tbl);
  END IF;
  IF (SELECT relforcerowsecurity FROM pg_class WHERE oid = legacy::regclass) THEN
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tbl);
  END IF;
  FOR pol IN
    SELECT * FROM pg_policies WHERE schemaname = current_schema() AND tablename = legacy
  LOOP
    SELECT string_agg(CASE WHEN r = 'public' THEN 'PUBLIC' ELSE quote_ident(r) END, ', ')
      INTO roles FROM unnest(pol.roles) AS r;
    EXECUTE format('CREATE POLICY %I ON %I AS %s FOR %s TO %s%s%s', pol.policyname, tbl,
      pol.permissive, pol.cmd, roles,
      CASE WHEN pol.qual IS NULL THEN '' ELSE ' USING (' || pol.qual || ')' END,
      CASE WHEN pol.with_check IS NULL THEN '' ELSE ' WITH CHECK (' || pol.with_check || ')' END);
  END LOOP;

  -- Views now resolve the name to the partitioned table.
  FOREACH stmt IN ARRAY view_defs LOOP
    EXECUTE stmt;
  END LOOP;

  EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', tbl || '_default', tbl);
  EXECUTE format('COMMENT ON TABLE %I IS %L', tbl || '_default',
    'Rows of ' || tbl || ' outside its daily partitions; devicetrail-maintenance retention moves'
    || ' them into their day or deletes them once past retention.');

  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', legacy) INTO has_rows;
  IF has_rows THEN
    -- Attached whole: no copy. A key on other columns goes (the partitioned table's key is built
    -- on it by ATTACH; an equal key is reused), and so do its grants: the parent's apply.
    SELECT con.conname,
           array_agg(att.attname::text ORDER BY k.ord) = pk
      INTO pk_name, pk_matches
      FROM pg_constraint con
      CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = k.attnum
     WHERE con.conrelid = legacy::regclass AND con.contype = 'p'
     GROUP BY con.conname;
    IF pk_name IS NOT NULL AND NOT pk_matches THEN
      EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', legacy, pk_name);
    END IF;
    FOR acl IN
      SELECT DISTINCT a.grantee FROM pg_class c, aclexplode(c.relacl) a
      WHERE c.oid = legacy::regclass AND a.grantee <> c.relowner
    LOOP
      EXECUTE format('REVOKE ALL ON %I FROM %s', legacy,
        CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(acl.grantee)) END);
    END LOOP;
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (MINVALUE) TO (%L)',
      tbl, legacy, (today + 1)::text || ' 00:00:00+00');
    EXECUTE format('COMMENT ON TABLE %I IS %L', legacy,
      'The rows of ' || tbl || ' from before daily partitioning, up to ' || (today + 1)::text
      || '; dropped whole by devicetrail-maintenance retention once that day is past retention.');
    first_day := today + 1;
  ELSE
    EXECUTE format('DROP TABLE %I', legacy);
    first_day := today - 1;
  END IF;

  d := first_day;
  WHILE d <= today + 7 LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
      tbl || '_p' || to_char(d, 'YYYYMMDD'), tbl,
      d::text || ' 00:00:00+00', (d + 1)::text || ' 00:00:00+00');
    EXECUTE format('COMMENT ON TABLE %I IS %L', tbl || '_p' || to_char(d, 'YYYYMMDD'),
      'Daily partition of ' || tbl || ' for ' || d::text || ' (UTC).');
    d := d + 1;
  END LOOP;
END
$$;

SELECT pg_temp.devicetrail_partition_by_day('signal_recent', ARRAY['device_id', 'ts']);
SELECT pg_temp.devicetrail_partition_by_day('activity_recent', ARRAY['event_id', 'ts']);

DROP FUNCTION pg_temp.devicetrail_partition_by_day(text, text[]);
