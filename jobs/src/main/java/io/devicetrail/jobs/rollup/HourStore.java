package io.devicetrail.jobs.rollup;

/** Where one device's hours live (Flink map state), kept apart from the rollup logic. */
interface HourStore {

  /** The held hour, or null. */
  HourBucket get(long hourIndex) throws Exception;

  /** Stores the hour (again): always called after a change, as RocksDB state needs. */
  void put(HourBucket hour) throws Exception;

  void remove(long hourIndex) throws Exception;

  void clear();
}
