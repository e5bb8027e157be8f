package io.devicetrail.connectors.warehouse;

import io.devicetrail.events.DeviceSnapshot;
import java.time.Instant;
import java.util.Objects;

/**
 * A device's attributes as known from {@code validFrom} on: the input of the {@code dim_device}
 * writer (a type-2 slowly changing dimension, CONTRACT §5). Always the complete set, not a delta: a
 * {@code FIRMWARE_UPDATE} activity that carries only the new firmware becomes a change event with
 * the other attributes as the job last knew them.
 *
 * <p>Two change events of a device are the same change when they have the same {@code validFrom};
 * {@link #sameAttributesAs} compares what the dimension tracks (tenant, model, firmware, config
 * version, reporting interval, site).
 *
 * @param deviceId the device
 * @param tenantId its tenant (a move to another tenant is a change like any other)
 * @param configVersion the vendor's config version
 * @param reportingIntervalS the vendor's reporting interval, null when unknown
 * @param site null when unknown
 * @param validFrom when these attributes took effect: the vendor's {@code updated_at} for a
 *     snapshot, the activity's {@code ts} for a config or firmware update
 */
public record DeviceAttributes(
    String deviceId,
    String tenantId,
    String model,
    String firmware,
    int configVersion,
    Integer reportingIntervalS,
    String site,
    Instant validFrom) {

  public DeviceAttributes {
    Objects.requireNonNull(deviceId, "deviceId cannot be null");
    Objects.requireNonNull(tenantId, "tenantId cannot be null");
    Objects.requireNonNull(validFrom, "validFrom cannot be null");
  }

  /** The attributes a device listing shows, valid from the vendor's {@code updated_at}. */
  public static DeviceAttributes fromSnapshot(DeviceSnapshot snapshot) {
    return new DeviceAttributes(
        snapshot.deviceId(),
        snapshot.tenantId(),
        snapshot.model(),
        snapshot.firmware(),
        snapshot.configVersion(),
        snapshot.reportingIntervalS(),
        snapshot.site(),
        snapshot.updatedAt());
  }

  /** True when {@code other} tracks the same values, whatever the device and time. */
  public boolean sameAttributesAs(DeviceAttributes other) {
    return tenantId.equals(other.tenantId)
        && Objects.equals(model, other.model)
        && Objects.equals(firmware, other.firmware)
        && configVersion == other.configVersion
        && Objects.equals(reportingIntervalS, other.reportingIntervalS)
        && Objects.equals(site, other.site);
  }

  /** These attributes from another instant. */
  public DeviceAttributes withValidFrom(Instant instant) {
    return new DeviceAttributes(
        deviceId, tenantId, model, firmware, configVersion, reportingIntervalS, site, instant);
  }
}
