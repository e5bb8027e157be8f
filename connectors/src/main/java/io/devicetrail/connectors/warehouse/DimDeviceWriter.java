package io.devicetrail.connectors.warehouse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maintains {@code dim_device}, a type-2 slowly changing dimension, from attribute change events.
 * One transaction per batch:
 *
 * <ol>
 *   <li>record the batch's observations in {@code dim_device_change}, insert-if-absent by {@code
 *       (device_id, valid_from)} (stage, prune, insert);
 *   <li>if none was new, stop: replays and re-listings of unchanged devices cost one small
 *       transaction and change no row;
 *   <li>read back every observation and every stored version of the devices that got a new one;
 *   <li>derive each device's history ({@link DeviceHistory}) and apply the difference: delete stray
 *       rows, move the bounds of stored versions (close the current one: valid_to, is_current
 *       false) through a stage and one UPDATE, insert the new versions.
 * </ol>
 *
 * <p>Feed it keyed by device id, so that one writer owns a device's rows.
 */
final class DimDeviceWriter implements BatchWriter<DeviceAttributes> {

  private static final long serialVersionUID = 1L;

  private static final WarehouseTable<DeviceAttributes> CHANGES = WarehouseTables.DIM_DEVICE_CHANGE;
  private static final WarehouseTable<DeviceHistory.Version> DIM = WarehouseTables.DIM_DEVICE;

  private final WarehouseDialect dialect;
  private transient RowNormalizer normalizer;

  DimDeviceWriter(WarehouseDialect dialect) {
    this.dialect = dialect;
  }

  @Override
  public String target() {
    return DIM.name();
  }

  @Override
  public long cutValues() {
    return normalizer == null ? 0 : normalizer.cutValues();
  }

  @Override
  public BatchOutcome write(Connection c, List<DeviceAttributes> batch) throws SQLException {
    if (batch.isEmpty()) {
      return new BatchOutcome(0, 0, 0);
    }
    List<Object[]> rows = deduplicate(batch);
    StagedBatch record = dialect.insertIfAbsent(CHANGES, List.of(CHANGES.name(), DIM.name()));
    Staging.run(c, record.prepare());
    Staging.insertRows(c, dialect, record.stage(), CHANGES.columns(), rows);
    int known = Staging.run(c, record.apply().get(0), null, null);
    int written = 0;
    if (known < rows.size()) {
      Staging.run(c, record.apply().get(1), null, null);
      written = applyHistories(c, observationsOfStagedDevices(c), versionsOfStagedDevices(c));
    }
    Staging.run(c, record.cleanup());
    return new BatchOutcome(batch.size(), rows.size(), written);
  }

  /** Normalised observations, the first of each (device_id, valid_from) kept. */
  private List<Object[]> deduplicate(List<DeviceAttributes> batch) {
    if (normalizer == null) {
      normalizer = new RowNormalizer();
    }
    Map<List<Object>, Object[]> byKey = new LinkedHashMap<>();
    for (DeviceAttributes change : batch) {
      Object[] values = normalizer.normalize(CHANGES, CHANGES.values(change));
      byKey.putIfAbsent(CHANGES.key(values), values);
    }
    return new ArrayList<>(byKey.values());
  }

  private Map<String, List<DeviceAttributes>> observationsOfStagedDevices(Connection c)
      throws SQLException {
    Map<String, List<DeviceAttributes>> byDevice = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(dialect.selectObservationsOfStagedDevices())) {
      while (rs.next()) {
        DeviceAttributes observation =
            new DeviceAttributes(
                rs.getString(1),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getInt(6),
                nullableInt(rs, 7),
                rs.getString(8),
                SqlValues.instant(rs, 2));
        byDevice.computeIfAbsent(observation.deviceId(), d -> new ArrayList<>()).add(observation);
      }
    }
    return byDevice;
  }

  private Map<String, List<DeviceHistory.StoredVersion>> versionsOfStagedDevices(Connection c)
      throws SQLException {
    Map<String, List<DeviceHistory.StoredVersion>> byDevice = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(dialect.selectVersionsOfStagedDevices())) {
      while (rs.next()) {
        DeviceAttributes attributes =
            new DeviceAttributes(
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getInt(6),
                nullableInt(rs, 7),
                rs.getString(8),
                SqlValues.instant(rs, 9));
        Instant validTo = SqlValues.instant(rs, 10);
        DeviceHistory.StoredVersion row =
            new DeviceHistory.StoredVersion(
                rs.getLong(1), new DeviceHistory.Version(attributes, validTo), rs.getBoolean(11));
        byDevice.computeIfAbsent(attributes.deviceId(), d -> new ArrayList<>()).add(row);
      }
    }
    return byDevice;
  }

  /** Applies every device's plan; returns the rows deleted, updated and inserted. */
  private int applyHistories(
      Connection c,
      Map<String, List<DeviceAttributes>> observations,
      Map<String, List<DeviceHistory.StoredVersion>> stored)
      throws SQLException {
    List<Long> deletes = new ArrayList<>();
    List<Object[]> bounds = new ArrayList<>();
    List<Object[]> inserts = new ArrayList<>();
    for (Map.Entry<String, List<DeviceAttributes>> device : observations.entrySet()) {
      DeviceHistory.Plan plan =
          DeviceHistory.plan(device.getValue(), stored.getOrDefault(device.getKey(), List.of()));
      deletes.addAll(plan.deletes());
      for (DeviceHistory.StoredVersion update : plan.updates()) {
        DeviceHistory.Version v = update.version();
        bounds.add(
            new Object[] {
              update.deviceKey(), device.getKey(), v.validFrom(), v.validTo(), v.isCurrent()
            });
      }
      for (DeviceHistory.Version version : plan.inserts()) {
        inserts.add(DIM.values(version));
      }
    }
    int perStatement = WarehouseDialect.MAX_ROWS_PER_INSERT;
    for (int from = 0; from < deletes.size(); from += perStatement) {
      List<Long> keys = deletes.subList(from, Math.min(deletes.size(), from + perStatement));
      Staging.runWithLongs(c, dialect.deleteVersions(keys.size()), keys);
    }
    if (!bounds.isEmpty()) {
      // Closing current rows comes before inserting their successors: the stand-in's unique
      // index on the current row checks every statement.
      Staging.run(c, List.of(dialect.createVersionBoundsStage()));
      Staging.insertRows(
          c,
          dialect,
          WarehouseDialect.stageOf(DIM.name()),
          WarehouseDialect.versionBoundsColumns(),
          bounds);
      Staging.run(
          c, List.of(dialect.updateVersionBoundsFromStage(), dialect.dropStage(DIM.name())));
    }
    if (!inserts.isEmpty()) {
      Staging.insertRows(c, dialect, DIM.name(), DIM.columns(), inserts);
    }
    return deletes.size() + bounds.size() + inserts.size();
  }

  private static Integer nullableInt(ResultSet rs, int index) throws SQLException {
    int value = rs.getInt(index);
    return rs.wasNull() ? null : value;
  }
}
