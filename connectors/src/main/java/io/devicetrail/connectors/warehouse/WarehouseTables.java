package io.devicetrail.connectors.warehouse;

import static io.devicetrail.connectors.warehouse.Column.of;
import static io.devicetrail.connectors.warehouse.Column.text;

import io.devicetrail.connectors.warehouse.model.RollupTier;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.SignalReading;
import java.util.ArrayList;
import java.util.List;

/**
 * The warehouse tables of CONTRACT §5 as the writers see them, column for column as in the
 * migrations {@code db/warehouse/{redshift,postgres}/V1__warehouse_tables.sql} of the sql module.
 */
final class WarehouseTables {

  /** VARCHAR sizes in bytes (Redshift counts bytes): see the migrations for the reasoning. */
  static final int DEVICE_ID_BYTES = 128;

  static final int TENANT_ID_BYTES = 512;
  static final int EVENT_ID_BYTES = 1024;
  static final int NAME_BYTES = 256;

  /** Redshift's JSON_PARSE takes a VARCHAR, at most 65535 bytes. */
  static final int DETAIL_BYTES = 65535;

  static final WarehouseTable<SignalReading> SIGNAL_RAW = new SignalRawTable();
  static final WarehouseTable<DeviceActivity> ACTIVITY_EVENT = new ActivityEventTable();
  static final WarehouseTable<SignalRollup> SIGNAL_HOURLY = new SignalRollupTable(RollupTier.HOUR);
  static final WarehouseTable<SignalRollup> SIGNAL_DAILY = new SignalRollupTable(RollupTier.DAY);
  static final WarehouseTable<DeviceAttributes> DIM_DEVICE_CHANGE = new DimDeviceChangeTable();

  /**
   * {@code dim_device} without its identity column {@code device_key}, which the database assigns:
   * the columns a new version is inserted with.
   */
  static final WarehouseTable<DeviceHistory.Version> DIM_DEVICE = new DimDeviceTable();

  /** The rollup table of a tier. */
  static WarehouseTable<SignalRollup> rollups(RollupTier tier) {
    return tier == RollupTier.HOUR ? SIGNAL_HOURLY : SIGNAL_DAILY;
  }

  private WarehouseTables() {}

  private static Column deviceId() {
    return text("device_id", DEVICE_ID_BYTES).notNull();
  }

  private static Column tenantId() {
    return text("tenant_id", TENANT_ID_BYTES).notNull();
  }

  /** The columns dim_device and dim_device_change share, after device_id (and valid_from). */
  private static List<Column> attributeColumns() {
    return List.of(
        tenantId(),
        text("model", NAME_BYTES),
        text("firmware", NAME_BYTES),
        of("config_version", SqlType.INTEGER).notNull(),
        of("reporting_interval_s", SqlType.INTEGER),
        text("site", NAME_BYTES));
  }

  /** In the raw archive's column order, so that COPY from its Parquet files maps by position. */
  private static final class SignalRawTable extends WarehouseTable<SignalReading> {
    private static final long serialVersionUID = 1L;

    SignalRawTable() {
      super(
          "signal_raw",
          List.of(
              deviceId(),
              tenantId(),
              of("ts", SqlType.TIMESTAMP).notNull(),
              of("rssi_dbm", SqlType.DOUBLE).notNull(),
              of("snr_db", SqlType.DOUBLE),
              of("rsrp_dbm", SqlType.DOUBLE),
              of("rsrq_db", SqlType.DOUBLE),
              text("cell_id", NAME_BYTES),
              of("lat", SqlType.DOUBLE),
              of("lon", SqlType.DOUBLE),
              of("battery_mv", SqlType.INTEGER),
              of("fetched_at", SqlType.TIMESTAMP).notNull()),
          List.of("device_id", "ts"),
          "ts");
    }

    @Override
    Object[] values(SignalReading r) {
      return new Object[] {
        r.deviceId(),
        r.tenantId(),
        r.ts(),
        r.rssiDbm(),
        r.snrDb(),
        r.rsrpDbm(),
        r.rsrqDb(),
        r.cellId(),
        r.lat(),
        r.lon(),
        r.batteryMv(),
        r.fetchedAt()
      };
    }
  }

  /** In the raw archive's column order too. */
  private static final class ActivityEventTable extends WarehouseTable<DeviceActivity> {
    private static final long serialVersionUID = 1L;

    ActivityEventTable() {
      super(
          "activity_event",
          List.of(
              deviceId(),
              tenantId(),
              text("event_id", EVENT_ID_BYTES).notNull(),
              of("ts", SqlType.TIMESTAMP).notNull(),
              text("type", 64).notNull(),
              text("outcome", 16).notNull(),
              Column.json("detail", DETAIL_BYTES),
              of("fetched_at", SqlType.TIMESTAMP).notNull()),
          List.of("event_id"),
          // No time range: ts is not part of the key, and a copy of an event sent again with
          // another ts must still be found (on the stand-in, missing it would fail the batch on
          // the primary key forever).
          null);
    }

    @Override
    Object[] values(DeviceActivity a) {
      return new Object[] {
        a.deviceId(),
        a.tenantId(),
        a.eventId(),
        a.ts(),
        a.type(),
        a.outcome(),
        a.detailJson(),
        a.fetchedAt()
      };
    }
  }

  private static final class SignalRollupTable extends WarehouseTable<SignalRollup> {
    private static final long serialVersionUID = 1L;

    private final RollupTier tier;

    SignalRollupTable(RollupTier tier) {
      super(
          tier.tableName(),
          List.of(
              deviceId(),
              tenantId(),
              of("bucket_start", SqlType.TIMESTAMP).notNull(),
              of("readings", SqlType.INTEGER).notNull(),
              of("expected_readings", SqlType.INTEGER),
              of("rssi_min", SqlType.DOUBLE).notNull(),
              of("rssi_max", SqlType.DOUBLE).notNull(),
              of("rssi_avg", SqlType.DOUBLE).notNull(),
              of("rssi_p10", SqlType.DOUBLE).notNull(),
              of("rssi_p50", SqlType.DOUBLE).notNull(),
              of("rssi_p90", SqlType.DOUBLE).notNull(),
              of("snr_avg", SqlType.DOUBLE),
              of("cells_seen", SqlType.INTEGER).notNull(),
              of("cell_changes", SqlType.INTEGER).notNull(),
              of("battery_min_mv", SqlType.INTEGER),
              of("longest_gap_s", SqlType.INTEGER).notNull(),
              of("late_readings", SqlType.INTEGER).notNull(),
              of("max_lateness_s", SqlType.INTEGER).notNull(),
              of("revision", SqlType.INTEGER).notNull(),
              of("is_final", SqlType.BOOLEAN).notNull(),
              of("updated_at", SqlType.TIMESTAMP).notNull()),
          List.of("device_id", "bucket_start"),
          "bucket_start");
      this.tier = tier;
    }

    @Override
    Object[] values(SignalRollup r) {
      if (r.tier() != tier) {
        throw new IllegalArgumentException(
            "A " + r.tier() + " rollup cannot go to " + name() + " (device " + r.deviceId() + ")");
      }
      return new Object[] {
        r.deviceId(),
        r.tenantId(),
        r.bucketStart(),
        r.readings(),
        r.expectedReadings(),
        r.rssiMin(),
        r.rssiMax(),
        r.rssiAvg(),
        r.rssiP10(),
        r.rssiP50(),
        r.rssiP90(),
        r.snrAvg(),
        r.cellsSeen(),
        r.cellChanges(),
        r.batteryMinMv(),
        r.longestGapS(),
        r.lateReadings(),
        r.maxLatenessS(),
        r.revision(),
        r.isFinal(),
        r.updatedAt()
      };
    }
  }

  private static final class DimDeviceChangeTable extends WarehouseTable<DeviceAttributes> {
    private static final long serialVersionUID = 1L;

    DimDeviceChangeTable() {
      super(
          "dim_device_change",
          concat(
              List.of(deviceId(), of("valid_from", SqlType.TIMESTAMP).notNull()),
              attributeColumns()),
          List.of("device_id", "valid_from"),
          null); // small, and a device's whole history is read back anyway
    }

    @Override
    Object[] values(DeviceAttributes a) {
      return new Object[] {
        a.deviceId(),
        a.validFrom(),
        a.tenantId(),
        a.model(),
        a.firmware(),
        a.configVersion(),
        a.reportingIntervalS(),
        a.site()
      };
    }
  }

  private static final class DimDeviceTable extends WarehouseTable<DeviceHistory.Version> {
    private static final long serialVersionUID = 1L;

    DimDeviceTable() {
      super(
          "dim_device",
          concat(
              concat(List.of(deviceId()), attributeColumns()),
              List.of(
                  of("valid_from", SqlType.TIMESTAMP).notNull(),
                  of("valid_to", SqlType.TIMESTAMP),
                  of("is_current", SqlType.BOOLEAN).notNull())),
          List.of("device_id", "valid_from"),
          null);
    }

    @Override
    Object[] values(DeviceHistory.Version v) {
      DeviceAttributes a = v.attributes();
      return new Object[] {
        a.deviceId(),
        a.tenantId(),
        a.model(),
        a.firmware(),
        a.configVersion(),
        a.reportingIntervalS(),
        a.site(),
        v.validFrom(),
        v.validTo(),
        v.isCurrent()
      };
    }
  }

  private static List<Column> concat(List<Column> first, List<Column> second) {
    List<Column> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
