package io.devicetrail.web;

import java.time.Instant;

/** One point of a signal chart: a reading, or an hour's average on the 14-day chart. */
public record SignalPoint(Instant ts, double rssiDbm, Double snrDb, String cellId) {}
