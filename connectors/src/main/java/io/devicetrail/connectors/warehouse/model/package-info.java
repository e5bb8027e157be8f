/**
 * The rows the stateful job produces for the warehouse and the support database: {@link
 * io.devicetrail.connectors.warehouse.model.SignalRollup} (signal_hourly / signal_daily) and {@link
 * io.devicetrail.connectors.warehouse.model.DeviceCadence} (device_latest's learned columns). Plain
 * value types, shared by the job (producer) and the sinks (consumers).
 */
package io.devicetrail.connectors.warehouse.model;
