package io.devicetrail.web;

import java.time.Instant;

/** A reading whose non-null cell differs from the previous reading's non-null cell. */
public record CellChange(Instant ts, String fromCell, String toCell) {}
