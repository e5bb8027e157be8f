package io.devicetrail.connectors.warehouse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The type-2 history of one device, derived from every attribute observation ever recorded for it
 * ({@code dim_device_change}), and the smallest set of row changes that brings {@code dim_device}
 * to it.
 *
 * <p>The rule: order the observations by {@code valid_from}; each run of consecutive observations
 * with the same attributes is one version, valid from the run's first observation until the next
 * run's (the last version has no end and is the current one). Because the history is a function of
 * the set of observations, the order in which they arrive does not matter: a change replayed, or an
 * older change arriving after a newer one, yields the history an in-order run would have.
 * Observations that repeat the attributes of their time are kept in the log, so they still end an
 * older, different change that arrives later. Two observations at the same instant are one: the
 * first recorded stays (the log's key is {@code (device_id, valid_from)}).
 *
 * <p>Surrogate keys stay stable: a stored row keeps its {@code device_key} while its version
 * exists, even when the version's start moves earlier because an older observation with the same
 * attributes arrived.
 */
final class DeviceHistory {

  /** One version: {@code attributes} (with the version's start as validFrom) until validTo. */
  record Version(DeviceAttributes attributes, Instant validTo) {
    Instant validFrom() {
      return attributes.validFrom();
    }

    boolean isCurrent() {
      return validTo == null;
    }

    boolean contains(Instant t) {
      return !t.isBefore(validFrom()) && (validTo == null || t.isBefore(validTo));
    }
  }

  /** A row of {@code dim_device}: its key, its version and its is_current flag as stored. */
  record StoredVersion(long deviceKey, Version version, boolean isCurrent) {
    StoredVersion(long deviceKey, Version version) {
      this(deviceKey, version, version.isCurrent());
    }
  }

  /** What to do to a device's rows of {@code dim_device}. */
  record Plan(List<StoredVersion> updates, List<Long> deletes, List<Version> inserts) {
    boolean isEmpty() {
      return updates.isEmpty() && deletes.isEmpty() && inserts.isEmpty();
    }
  }

  private DeviceHistory() {}

  /**
   * The versions of a device's observations.
   *
   * @param observations one device's observations with distinct validFrom, in any order
   */
  static List<Version> versions(List<DeviceAttributes> observations) {
    List<DeviceAttributes> sorted = new ArrayList<>(observations);
    sorted.sort(Comparator.comparing(DeviceAttributes::validFrom));
    List<DeviceAttributes> starts = new ArrayList<>();
    for (DeviceAttributes observation : sorted) {
      if (starts.isEmpty() || !starts.get(starts.size() - 1).sameAttributesAs(observation)) {
        starts.add(observation);
      }
    }
    List<Version> versions = new ArrayList<>(starts.size());
    for (int i = 0; i < starts.size(); i++) {
      Instant end = i + 1 < starts.size() ? starts.get(i + 1).validFrom() : null;
      versions.add(new Version(starts.get(i), end));
    }
    return versions;
  }

  /**
   * The row changes that turn {@code stored} into the history of {@code observations}. Each stored
   * row is matched to the version containing its start and having its attributes; the oldest row
   * (lowest key) of a version keeps it, any other is deleted (only an inconsistent table has
   * those), and a version without a row is inserted.
   */
  static Plan plan(List<DeviceAttributes> observations, List<StoredVersion> stored) {
    List<Version> versions = versions(observations);
    List<StoredVersion> byKey = new ArrayList<>(stored);
    byKey.sort(Comparator.comparingLong(StoredVersion::deviceKey));
    StoredVersion[] keeper = new StoredVersion[versions.size()];
    List<Long> deletes = new ArrayList<>();
    for (StoredVersion row : byKey) {
      int index = versionOf(versions, row.version());
      if (index < 0 || keeper[index] != null) {
        deletes.add(row.deviceKey());
      } else {
        keeper[index] = row;
      }
    }
    List<StoredVersion> updates = new ArrayList<>();
    List<Version> inserts = new ArrayList<>();
    for (int i = 0; i < versions.size(); i++) {
      Version wanted = versions.get(i);
      StoredVersion row = keeper[i];
      if (row == null) {
        inserts.add(wanted);
      } else if (!row.version().validFrom().equals(wanted.validFrom())
          || !Objects.equals(row.version().validTo(), wanted.validTo())
          || row.isCurrent() != wanted.isCurrent()) {
        updates.add(new StoredVersion(row.deviceKey(), wanted));
      }
    }
    return new Plan(updates, deletes, inserts);
  }

  private static int versionOf(List<Version> versions, Version row) {
    for (int i = 0; i < versions.size(); i++) {
      Version v = versions.get(i);
      if (v.contains(row.validFrom())) {
        return v.attributes().sameAttributesAs(row.attributes()) ? i : -1;
      }
    }
    return -1;
  }
}
