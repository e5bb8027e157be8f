package io.devicetrail.jobs;

import io.devicetrail.connectors.kafka.RawRecord;
import java.util.Objects;
import org.apache.flink.api.connector.source.Source;

/** The job's inputs: one source of raw Kafka records per contract topic. */
public record JobSources(
    Source<RawRecord, ?, ?> signal,
    Source<RawRecord, ?, ?> activity,
    Source<RawRecord, ?, ?> device) {

  public JobSources {
    Objects.requireNonNull(signal, "signal source cannot be null");
    Objects.requireNonNull(activity, "activity source cannot be null");
    Objects.requireNonNull(device, "device source cannot be null");
  }
}
