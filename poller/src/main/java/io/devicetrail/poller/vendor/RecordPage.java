package io.devicetrail.poller.vendor;

import java.util.List;

/**
 * One page of signal readings or activity events, each element exactly as the vendor sent it (it
 * may be invalid: the poller decides, element by element).
 */
public record RecordPage(List<VendorRecord> records, boolean hasMore) {
  public RecordPage {
    records = List.copyOf(records);
  }

  public boolean isEmpty() {
    return records.isEmpty();
  }

  public int size() {
    return records.size();
  }
}
