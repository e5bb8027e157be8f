package io.devicetrail.poller;

import com.fasterxml.jackson.databind.JsonNode;
import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.EventCodec;
import io.devicetrail.events.SignalReading;
import io.devicetrail.events.Topics;
import io.devicetrail.poller.cursor.DeviceCursor;
import io.devicetrail.poller.vendor.RecordPage;
import io.devicetrail.poller.vendor.VendorClient;
import io.devicetrail.poller.vendor.VendorException;
import java.time.Instant;

/** The two per-device record streams of the vendor API, each with its own cursor and topic. */
enum Feed {
  SIGNAL(SignalReading.SCHEMA, Topics.SIGNAL) {
    @Override
    RecordPage fetch(VendorClient vendor, String deviceId, Instant since, int limit)
        throws VendorException, InterruptedException {
      return vendor.signal(deviceId, since, limit);
    }

    @Override
    Instant since(DeviceCursor cursor) {
      return cursor.signalSince();
    }

    @Override
    DeviceCursor advance(DeviceCursor cursor, Instant since) {
      return cursor.withSignalSince(since);
    }

    @Override
    EncodedEvent decode(JsonNode contractObject) {
      return EncodedEvent.of(EventCodec.decodeSignal(contractObject), EventCodec::encode);
    }
  },

  ACTIVITY(DeviceActivity.SCHEMA, Topics.ACTIVITY) {
    @Override
    RecordPage fetch(VendorClient vendor, String deviceId, Instant since, int limit)
        throws VendorException, InterruptedException {
      return vendor.activity(deviceId, since, limit);
    }

    @Override
    Instant since(DeviceCursor cursor) {
      return cursor.activitySince();
    }

    @Override
    DeviceCursor advance(DeviceCursor cursor, Instant since) {
      return cursor.withActivitySince(since);
    }

    @Override
    EncodedEvent decode(JsonNode contractObject) {
      return EncodedEvent.of(EventCodec.decodeActivity(contractObject), EventCodec::encode);
    }
  };

  final String schema;
  final String topic;

  Feed(String schema, String topic) {
    this.schema = schema;
    this.topic = topic;
  }

  abstract RecordPage fetch(VendorClient vendor, String deviceId, Instant since, int limit)
      throws VendorException, InterruptedException;

  abstract Instant since(DeviceCursor cursor);

  abstract DeviceCursor advance(DeviceCursor cursor, Instant since);

  /** Strictly decodes and validates a contract object of this feed, and encodes it for Kafka. */
  abstract EncodedEvent decode(JsonNode contractObject);
}
