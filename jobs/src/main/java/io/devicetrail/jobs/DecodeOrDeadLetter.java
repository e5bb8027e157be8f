package io.devicetrail.jobs;

import io.devicetrail.connectors.kafka.RawRecord;
import io.devicetrail.events.DeadLetter;
import io.devicetrail.events.Decoded;
import io.devicetrail.events.EventCodec;
import java.io.Serializable;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes one Kafka record with the strict codec. A valid event goes on; anything else becomes a
 * {@link DeadLetter} on the {@link #DEAD_LETTERS} side output, naming the rule it broke and where
 * it came from, so the job keeps running and loses nothing.
 */
public final class DecodeOrDeadLetter<T> extends ProcessFunction<RawRecord, T> {

  public static final String STAGE = "job.decode";

  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

  /** A serializable decoder, so that method references like EventCodec::decodeSignal fit. */
  @FunctionalInterface
  public interface Decoder<T> extends Serializable {
    Decoded<T> decode(byte[] payload);
  }

  private final Decoder<T> decoder;
  private final Clock clock;
  private transient MetricGroup metrics;
  private transient Map<String, Counter> rejectedByRule;
  private transient Counter accepted;

  public DecodeOrDeadLetter(Decoder<T> decoder) {
    this(decoder, Clock.systemUTC());
  }

  DecodeOrDeadLetter(Decoder<T> decoder, Clock clock) {
    this.decoder = decoder;
    this.clock = clock;
  }

  public static DecodeOrDeadLetter<io.devicetrail.events.SignalReading> signals() {
    return new DecodeOrDeadLetter<>(EventCodec::decodeSignal);
  }

  public static DecodeOrDeadLetter<io.devicetrail.events.DeviceActivity> activities() {
    return new DecodeOrDeadLetter<>(EventCodec::decodeActivity);
  }

  public static DecodeOrDeadLetter<io.devicetrail.events.DeviceSnapshot> snapshots() {
    return new DecodeOrDeadLetter<>(EventCodec::decodeSnapshot);
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
    metrics = getRuntimeContext().getMetricGroup();
    accepted = metrics.counter("eventsAccepted");
    rejectedByRule = new HashMap<>();
  }

  @Override
  public void processElement(RawRecord record, Context ctx, Collector<T> out) {
    Decoded<T> decoded = decoder.decode(record.value());
    if (decoded.isValid()) {
      accepted.inc();
      out.collect(decoded.value());
      return;
    }
    rejected(decoded.violation().rule().code()).inc();
    ctx.output(
        DEAD_LETTERS,
        DeadLetter.fromKafka(
            STAGE,
            decoded.violation(),
            record.topic(),
            record.partition(),
            record.offset(),
            EventCodec.payloadText(record.value()),
            clock.instant()));
  }

  private Counter rejected(String rule) {
    // One counter per rule, created on first use: dead-lettered by reason. A plain group, not a
    // key-value one: Flink leaves a key-value group's value out of the metric's name (it becomes
    // only a variable), so on the REST API every rule would share one name (seen on a cluster).
    return rejectedByRule.computeIfAbsent(
        rule, r -> metrics.addGroup("deadLettered").addGroup(r).counter("count"));
  }
}
