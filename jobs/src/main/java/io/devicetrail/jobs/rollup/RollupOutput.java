package io.devicetrail.jobs.rollup;

import io.devicetrail.connectors.warehouse.model.DeviceCadence;
import io.devicetrail.connectors.warehouse.model.SignalRollup;

/** Where the per-device logic sends what it produces. */
interface RollupOutput {

  void row(SignalRollup row);

  void cadence(DeviceCadence cadence);
}
