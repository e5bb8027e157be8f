package io.devicetrail.simulator;

import java.util.List;

/** One page of a device's readings or events, as one API call returns it. */
public record Page<T>(List<T> items, boolean hasMore) {

  public Page {
    items = List.copyOf(items);
  }
}
