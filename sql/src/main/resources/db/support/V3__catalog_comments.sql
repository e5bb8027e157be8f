-- The catalog (issue 5, part 6): what every table, view and column of the support database holds,
-- readable with \d+ in psql or any SQL client. CatalogCommentsTest fails when a column has none, so a
-- later migration that adds a column adds its comment too.

COMMENT ON TABLE device IS
  'Current attributes of every device as the vendor device list last showed them (CONTRACT §4). One row per device, kept always; moves forward only in the vendor''s updated_at.';
COMMENT ON COLUMN device.device_id IS 'The vendor''s device identity: 1-128 characters of [A-Za-z0-9._:-].';
COMMENT ON COLUMN device.tenant_id IS 'The customer the device belongs to; client sessions see only their own tenant''s rows.';
COMMENT ON COLUMN device.model IS 'Hardware model as the vendor names it; null when unknown.';
COMMENT ON COLUMN device.firmware IS 'Firmware version running on the device; null when unknown.';
COMMENT ON COLUMN device.config_version IS 'Version of the configuration applied to the device (CONFIG_UPDATE raises it).';
COMMENT ON COLUMN device.reporting_interval_s IS 'Sampling interval in seconds as the vendor reports it; null when the vendor does not know it (device_latest.learned_interval_s then tells).';
COMMENT ON COLUMN device.site IS 'Site or location label the tenant gave the device; null when none.';
COMMENT ON COLUMN device.updated_at IS 'The vendor''s updated_at: time of the last configuration or firmware change.';
COMMENT ON COLUMN device.fetched_at IS 'When the poller first listed this version of the device.';

COMMENT ON TABLE device_latest IS
  'Latest state of every device: its newest reading, its newest activity event and its learned cadence (CONTRACT §4, §6). One row per device, kept always; reading and activity columns each move forward in event time only.';
COMMENT ON COLUMN device_latest.device_id IS 'The device (device.device_id).';
COMMENT ON COLUMN device_latest.tenant_id IS 'The device''s tenant.';
COMMENT ON COLUMN device_latest.last_reading_ts IS 'Event time of the newest reading; the reading columns below are from that reading.';
COMMENT ON COLUMN device_latest.rssi_dbm IS 'Received signal strength of the newest reading, dBm (-150 to 0; higher is better).';
COMMENT ON COLUMN device_latest.snr_db IS 'Signal-to-noise ratio of the newest reading, dB; null when the device did not report it.';
COMMENT ON COLUMN device_latest.cell_id IS 'Serving cell of the newest reading; null when not reported.';
COMMENT ON COLUMN device_latest.lat IS 'Latitude of the newest reading, degrees; null without a position fix.';
COMMENT ON COLUMN device_latest.lon IS 'Longitude of the newest reading, degrees; null without a position fix.';
COMMENT ON COLUMN device_latest.battery_mv IS 'Battery voltage of the newest reading, millivolts; null for mains-powered devices or when not reported.';
COMMENT ON COLUMN device_latest.last_activity_ts IS 'Event time of the newest activity event; the activity columns below are from that event.';
COMMENT ON COLUMN device_latest.last_activity_type IS 'Type of the newest activity event (CONNECT, DISCONNECT, CONFIG_UPDATE, FIRMWARE_UPDATE, REBOOT, TIMEOUT, COMMAND, ...).';
COMMENT ON COLUMN device_latest.last_activity_outcome IS 'Outcome of the newest activity event: OK, FAILED or PENDING.';
COMMENT ON COLUMN device_latest.last_activity_event_id IS 'event_id of the newest activity event: breaks the tie between two events with the same ts.';
COMMENT ON COLUMN device_latest.learned_interval_s IS 'Sampling interval learned from the readings, seconds.';
COMMENT ON COLUMN device_latest.learned_upload_gap_s IS 'Usual time between two uploads of the device, learned from what it sends, seconds.';
COMMENT ON COLUMN device_latest.next_upload_due_at IS 'When the next upload is expected: last_upload_at plus the learned upload gap.';
COMMENT ON COLUMN device_latest.updated_at IS 'Wall-clock time of the last change to this row.';

COMMENT ON TABLE signal_recent IS
  'Every valid signal reading at full resolution, kept 14 days (CONTRACT §4). Key (device_id, ts); a replayed reading is stored once.';
COMMENT ON COLUMN signal_recent.device_id IS 'The device that took the reading.';
COMMENT ON COLUMN signal_recent.ts IS 'Event time: when the device took the reading (UTC).';
COMMENT ON COLUMN signal_recent.tenant_id IS 'The device''s tenant.';
COMMENT ON COLUMN signal_recent.rssi_dbm IS 'Received signal strength, dBm (-150 to 0; higher is better).';
COMMENT ON COLUMN signal_recent.snr_db IS 'Signal-to-noise ratio, dB (-40 to 60); null when not reported.';
COMMENT ON COLUMN signal_recent.rsrp_dbm IS 'LTE reference signal received power, dBm (-160 to -30); null when not reported.';
COMMENT ON COLUMN signal_recent.rsrq_db IS 'LTE reference signal received quality, dB (-40 to 0); null when not reported.';
COMMENT ON COLUMN signal_recent.cell_id IS 'Serving cell identity; null when not reported.';
COMMENT ON COLUMN signal_recent.lat IS 'Latitude, degrees (-90 to 90); null without a position fix.';
COMMENT ON COLUMN signal_recent.lon IS 'Longitude, degrees (-180 to 180); null without a position fix.';
COMMENT ON COLUMN signal_recent.battery_mv IS 'Battery voltage, millivolts (0 to 10000); null when not reported.';
COMMENT ON COLUMN signal_recent.fetched_at IS 'When the poller fetched the reading: fetched_at - ts is the upload delay.';

COMMENT ON TABLE activity_recent IS
  'Every activity event of every device, kept 30 days (CONTRACT §4). Key event_id; a replayed event is stored once.';
COMMENT ON COLUMN activity_recent.event_id IS 'The vendor''s unique identity of the event.';
COMMENT ON COLUMN activity_recent.device_id IS 'The device the event happened on.';
COMMENT ON COLUMN activity_recent.tenant_id IS 'The device''s tenant.';
COMMENT ON COLUMN activity_recent.ts IS 'Event time (UTC).';
COMMENT ON COLUMN activity_recent.type IS 'CONNECT, DISCONNECT, CONFIG_UPDATE, FIRMWARE_UPDATE, REBOOT, TIMEOUT, COMMAND, or another upper-case word.';
COMMENT ON COLUMN activity_recent.outcome IS 'OK, FAILED or PENDING.';
COMMENT ON COLUMN activity_recent.detail IS 'The event''s detail object as the vendor sent it (e.g. {"config_version": 4}); null when none.';
COMMENT ON COLUMN activity_recent.fetched_at IS 'When the poller fetched the event.';

COMMENT ON COLUMN device_status.device_id IS 'The device (device_latest.device_id).';
COMMENT ON COLUMN device_status.tenant_id IS 'The device''s tenant.';
COMMENT ON COLUMN device_status.last_reading_ts IS 'As device_latest.last_reading_ts.';
COMMENT ON COLUMN device_status.rssi_dbm IS 'As device_latest.rssi_dbm.';
COMMENT ON COLUMN device_status.snr_db IS 'As device_latest.snr_db.';
COMMENT ON COLUMN device_status.cell_id IS 'As device_latest.cell_id.';
COMMENT ON COLUMN device_status.lat IS 'As device_latest.lat.';
COMMENT ON COLUMN device_status.lon IS 'As device_latest.lon.';
COMMENT ON COLUMN device_status.battery_mv IS 'As device_latest.battery_mv.';
COMMENT ON COLUMN device_status.last_activity_ts IS 'As device_latest.last_activity_ts.';
COMMENT ON COLUMN device_status.last_activity_type IS 'As device_latest.last_activity_type.';
COMMENT ON COLUMN device_status.last_activity_outcome IS 'As device_latest.last_activity_outcome.';
COMMENT ON COLUMN device_status.learned_interval_s IS 'As device_latest.learned_interval_s.';
COMMENT ON COLUMN device_status.learned_upload_gap_s IS 'As device_latest.learned_upload_gap_s.';
COMMENT ON COLUMN device_status.next_upload_due_at IS 'As device_latest.next_upload_due_at.';
COMMENT ON COLUMN device_status.last_upload_at IS 'As device_latest.last_upload_at.';
COMMENT ON COLUMN device_status.updated_at IS 'As device_latest.updated_at.';
COMMENT ON COLUMN device_status.status IS 'From the clock at read time: AWAKE uploading on schedule, ASLEEP between uploads and not yet due, OVERDUE past next_upload_due_at, SILENT nothing for more than 3 usual upload gaps.';
