package io.devicetrail.poller.vendor;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One element of a vendor list (a reading, an activity event or a device): parsed, and exactly as
 * its bytes appeared in the response, so that a dead letter carries what the vendor really sent.
 */
public record VendorRecord(JsonNode json, String text) {}
