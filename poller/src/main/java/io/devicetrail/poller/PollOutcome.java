package io.devicetrail.poller;

/** How polling one device in one round ended. */
public enum PollOutcome {
  /** Everything visible was fetched and acknowledged; the cursors are saved. */
  OK,
  /** The vendor answered 404: not polled again until the device list shows it again. */
  REMOVED,
  /** The vendor API failed after retries; the cursors stay where they were. */
  FETCH_FAILED,
  /** Kafka did not acknowledge a record; the cursors stay before it and it is sent again. */
  PUBLISH_FAILED,
  /** A cursor could not be saved; the records after the last saved cursor are sent again. */
  STORE_FAILED,
  /** A bug: logged with its stack trace. */
  ERROR;

  boolean isFailure() {
    return this != OK && this != REMOVED;
  }
}
