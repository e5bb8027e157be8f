package io.devicetrail.connectors.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.SignalReading;
import java.time.Instant;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.junit.jupiter.api.Test;

class EventDateBucketAssignerTest {

  private final EventDateBucketAssigner<SignalReading> assigner =
      new EventDateBucketAssigner<>(SignalRecordConverter.INSTANCE);

  @Test
  void theLastMicrosecondOfADayAndMidnightLandInDifferentPartitions() {
    assertThat(bucketOf("2026-03-28T23:59:59.999999Z")).isEqualTo("date=2026-03-28");
    assertThat(bucketOf("2026-03-29T00:00:00Z")).isEqualTo("date=2026-03-29");
  }

  @Test
  void usesTheUtcDateOfTheEventTimeNotTheArrivalOrProcessingTime() {
    // Fetched days later and processed "now": still the day it was taken, in UTC.
    SignalReading lateUpload =
        reading(Instant.parse("2026-01-01T23:30:00Z"), Instant.parse("2026-01-04T08:00:00Z"));

    assertThat(assigner.getBucketId(lateUpload, contextAt(Instant.parse("2026-01-05T12:00:00Z"))))
        .isEqualTo("date=2026-01-01");
  }

  @Test
  void serializesBucketIdsForCheckpoints() throws Exception {
    var serializer = assigner.getSerializer();

    assertThat(
            serializer.deserialize(
                serializer.getVersion(), serializer.serialize("date=2026-11-26")))
        .isEqualTo("date=2026-11-26");
  }

  private String bucketOf(String ts) {
    Instant instant = Instant.parse(ts);
    return assigner.getBucketId(reading(instant, instant), contextAt(instant));
  }

  private static SignalReading reading(Instant ts, Instant fetchedAt) {
    return new SignalReading(
        "dev-1", "t", ts, -80.0, null, null, null, null, null, null, null, fetchedAt);
  }

  private static BucketAssigner.Context contextAt(Instant now) {
    return new BucketAssigner.Context() {
      @Override
      public long currentProcessingTime() {
        return now.toEpochMilli();
      }

      @Override
      public long currentWatermark() {
        return now.toEpochMilli();
      }

      @Override
      public Long timestamp() {
        return now.toEpochMilli();
      }
    };
  }
}
