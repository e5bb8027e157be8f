package io.devicetrail.jobs.dim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devicetrail.connectors.warehouse.DeviceAttributes;
import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.DeviceSnapshot;
import java.io.IOException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns what the job learns about a device into the changes of its type-2 history (dim_device):
 * every DeviceSnapshot, and every successful CONFIG_UPDATE / FIRMWARE_UPDATE activity whose detail
 * carries the new {@code config_version} or {@code firmware}, applied over the device's last known
 * attributes and valid from the activity's {@code ts}. Only changes are emitted; the warehouse
 * writer orders them by {@code valid_from} and is idempotent, so replays and late changes are safe.
 */
public final class DeviceAttributeChanges
    extends KeyedCoProcessFunction<String, DeviceSnapshot, DeviceActivity, DeviceAttributes> {

  private static final ObjectMapper JSON = new ObjectMapper();

  private transient ValueState<DeviceAttributes> last;
  private transient Counter changes;
  private transient Counter unknownDevice;

  @Override
  public void open(OpenContext ctx) {
    last =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "device-attributes", TypeInformation.of(DeviceAttributes.class)));
    changes = getRuntimeContext().getMetricGroup().counter("attributeChanges");
    unknownDevice = getRuntimeContext().getMetricGroup().counter("attributeUpdatesBeforeDevice");
  }

  @Override
  public void processElement1(DeviceSnapshot snapshot, Context ctx, Collector<DeviceAttributes> out)
      throws Exception {
    emitIfChanged(DeviceAttributes.fromSnapshot(snapshot), out);
  }

  @Override
  public void processElement2(DeviceActivity activity, Context ctx, Collector<DeviceAttributes> out)
      throws Exception {
    if (!"OK".equals(activity.outcome()) || activity.detailJson() == null) {
      return;
    }
    boolean config = "CONFIG_UPDATE".equals(activity.type());
    boolean firmware = "FIRMWARE_UPDATE".equals(activity.type());
    if (!config && !firmware) {
      return;
    }
    DeviceAttributes current = last.value();
    if (current == null) {
      // The device list always comes first from the poller; the next snapshot carries the values.
      unknownDevice.inc();
      return;
    }
    JsonNode detail = parse(activity.detailJson());
    if (detail == null) {
      return;
    }
    JsonNode version = detail.get("config_version");
    JsonNode fw = detail.get("firmware");
    DeviceAttributes next =
        new DeviceAttributes(
            current.deviceId(),
            current.tenantId(),
            current.model(),
            firmware && fw != null && fw.isTextual() ? fw.textValue() : current.firmware(),
            config && version != null && version.canConvertToInt()
                ? version.intValue()
                : current.configVersion(),
            current.reportingIntervalS(),
            current.site(),
            activity.ts());
    emitIfChanged(next, out);
  }

  private void emitIfChanged(DeviceAttributes next, Collector<DeviceAttributes> out)
      throws IOException {
    DeviceAttributes current = last.value();
    if (current != null && current.sameAttributesAs(next)) {
      return;
    }
    // An older observation still goes to the history (the writer places it by valid_from), but
    // the device's current attributes stay the newest ones.
    if (current == null || !next.validFrom().isBefore(current.validFrom())) {
      last.update(next);
    }
    changes.inc();
    out.collect(next);
  }

  private static JsonNode parse(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }
}
