package io.devicetrail.connectors.archive;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Puts each event into the Hive-style partition of its event time's UTC date, {@code
 * date=YYYY-MM-DD} (CONTRACT §3). Event time, not arrival time: a reading uploaded days late lands
 * in the partition of the day it was taken.
 */
public final class EventDateBucketAssigner<T> implements BucketAssigner<T, String> {

  private static final long serialVersionUID = 1L;

  private final ArchiveRecordConverter<T> converter;

  public EventDateBucketAssigner(ArchiveRecordConverter<T> converter) {
    this.converter = Objects.requireNonNull(converter, "converter cannot be null");
  }

  @Override
  public String getBucketId(T event, Context context) {
    return partitionOf(LocalDate.ofInstant(converter.eventTime(event), ZoneOffset.UTC));
  }

  /** The partition folder name of a date: {@code date=2026-11-26}. */
  public static String partitionOf(LocalDate date) {
    return "date=" + date;
  }

  @Override
  public SimpleVersionedSerializer<String> getSerializer() {
    return SimpleVersionedStringSerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "EventDateBucketAssigner[" + converter.kind() + "]";
  }
}
