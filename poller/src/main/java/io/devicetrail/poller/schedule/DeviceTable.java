package io.devicetrail.poller.schedule;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every device this poller owns, with what it learned about each, and a min-heap of their due
 * times: the poller's scheduler. Built for a million devices: per device a slot in primitive arrays
 * (about 110 bytes plus the id string) instead of an object graph. Thread-safe (one monitor; every
 * operation is O(log n) or less, except the listing's sweep).
 *
 * <p>What is learned, per device, from what its polls return (see {@link #finish}):
 *
 * <ul>
 *   <li>the sampling interval: the vendor's {@code reporting_interval_s} when given, else the mean
 *       spacing of the readings' {@code ts};
 *   <li>the upload gap: the time between two uploads. An upload is placed after the newest reading
 *       it carried and after the last poll that found nothing; the gap is a moving average of the
 *       distance between uploads. When every poll finds data (the device uploads at least as often
 *       as it is polled), the gap is shrunk to probe for the device's real rhythm.
 * </ul>
 *
 * <p>The next signal poll is due a little after the expected next upload (last upload + gap); if
 * that poll finds nothing the device is late or asleep, and polls back off from the floor,
 * doubling. Every wait is kept within the configured floor and ceiling and gets a random jitter of
 * up to 10% (at most a minute) so that devices do not fall into lockstep. Activity is polled once
 * per upload gap within its own floor and ceiling, and along with a signal poll that found a new
 * upload once its floor has passed; an activity event after the last known upload (the device woke)
 * makes the signal due at once.
 */
public final class DeviceTable {
  private static final byte REMOVED = 1;
  private static final byte IN_FLIGHT = 2;
  private static final int MAX_LATE_STEPS = 30;

  /** What to poll when a device is visited. */
  public record Visit(
      int slot, String deviceId, String tenantId, boolean signal, boolean activity) {}

  private final ScheduleSettings settings;
  private final Map<String, String> tenantNames = new HashMap<>();
  private final IdIndex index = new IdIndex();

  private String[] ids;
  private String[] tenants;
  private long[] snapshotHash;
  private long[] dueMs;
  private long[] signalDueMs;
  private long[] activityDueMs;
  private int[] gapS;
  private int[] intervalS;
  private int[] reportedS;
  private long[] lastUploadS;
  private long[] lastNewestS;
  private long[] lastEmptyS;
  private long[] lastActivityPollS;
  private byte[] lateEmpties;
  private byte[] failures;
  private byte[] flags;
  private int[] listGeneration;
  private int[] heapPos;
  private int[] heap;
  private int heapSize;
  private int[] freeSlots = new int[16];
  private int freeCount;
  private int highWater;
  private int count;
  private int inFlight;

  public DeviceTable(ScheduleSettings settings) {
    this(settings, 1024);
  }

  public DeviceTable(ScheduleSettings settings, int initialCapacity) {
    this.settings = settings;
    allocate(Math.max(16, initialCapacity));
  }

  public ScheduleSettings settings() {
    return settings;
  }

  /**
   * The device list shows the device: adds it (first poll within the initial spread) or updates its
   * tenant and vendor interval; a device paused by a 404 is polled again.
   *
   * @param reportedIntervalS the vendor's reporting_interval_s, or null
   * @param generation the listing this comes from (see {@link #removeUnlisted})
   */
  public synchronized void upsert(
      String id, String tenant, Integer reportedIntervalS, int generation, long nowMs) {
    int slot = index.find(id, ids);
    if (slot < 0) {
      slot = allocateSlot();
      ids[slot] = id;
      index.put(id, slot, ids);
      count++;
      long first = nowMs + randomBelow(initialSpreadMs());
      signalDueMs[slot] = first;
      activityDueMs[slot] = first;
      dueMs[slot] = first;
      heapPush(slot);
      notifyAll();
    } else if ((flags[slot] & REMOVED) != 0) {
      flags[slot] &= ~REMOVED;
      failures[slot] = 0;
      if ((flags[slot] & IN_FLIGHT) == 0) {
        long due = nowMs + randomBelow(initialSpreadMs());
        signalDueMs[slot] = due;
        activityDueMs[slot] = due;
        dueMs[slot] = due;
        heapPush(slot);
        notifyAll();
      }
    }
    tenants[slot] = tenantNames.computeIfAbsent(tenant, t -> t);
    reportedS[slot] = reportedIntervalS == null || reportedIntervalS <= 0 ? 0 : reportedIntervalS;
    listGeneration[slot] = generation;
  }

  /** With fixed scheduling a first poll never waits longer than the fixed interval. */
  private long initialSpreadMs() {
    long spread = settings.initialSpread().toMillis();
    return settings.adaptive() ? spread : Math.min(spread, settings.fixedInterval().toMillis());
  }

  /** Forgets every device that the complete listing {@code generation} did not show. */
  public synchronized int removeUnlisted(int generation) {
    int removed = 0;
    for (int slot = 0; slot < highWater; slot++) {
      if (ids[slot] != null && listGeneration[slot] != generation) {
        release(slot);
        removed++;
      }
    }
    return removed;
  }

  /** Forgets one device (it is no longer this poller's). */
  public synchronized boolean remove(String id) {
    int slot = index.find(id, ids);
    if (slot < 0) {
      return false;
    }
    release(slot);
    return true;
  }

  /** The device due first if it is due by {@code nowMs}, taken out of the schedule; else null. */
  public synchronized Visit takeDue(long nowMs) {
    if (heapSize == 0 || dueMs[heap[0]] > nowMs) {
      return null;
    }
    int slot = heapPop();
    return startVisit(slot, nowMs, false);
  }

  /** Every device that is not paused, taken out of the schedule to be polled now, both feeds. */
  public synchronized Visit[] takeAll(long nowMs) {
    Visit[] visits = new Visit[count];
    int n = 0;
    for (int slot = 0; slot < highWater; slot++) {
      if (ids[slot] != null && (flags[slot] & (REMOVED | IN_FLIGHT)) == 0) {
        heapRemove(slot);
        visits[n++] = startVisit(slot, nowMs, true);
      }
    }
    return Arrays.copyOf(visits, n);
  }

  private Visit startVisit(int slot, long nowMs, boolean everything) {
    flags[slot] |= IN_FLIGHT;
    inFlight++;
    boolean fixed = !settings.adaptive() || everything;
    // A device whose heap time came from a failure backoff polls whatever is due by now.
    boolean signal = fixed || signalDueMs[slot] <= nowMs;
    boolean activity = fixed || activityDueMs[slot] <= nowMs;
    if (!signal && !activity) {
      signal = true;
    }
    return new Visit(slot, ids[slot], tenants[slot], signal, activity);
  }

  /**
   * Should a visit that found a new upload also poll activity now? Yes once the activity floor has
   * passed since the last activity poll (a wake brings activity events too).
   */
  public synchronized boolean activityAlongWithUpload(Visit visit, long nowMs) {
    int slot = visit.slot();
    return settings.adaptive()
        && ids[slot] == visit.deviceId()
        && nowMs / 1000 - lastActivityPollS[slot] >= settings.activityMin().toSeconds();
  }

  /** Did an activity poll show the device awake after its last known upload? */
  public synchronized boolean wokeSinceLastUpload(Visit visit, FeedResult activity) {
    int slot = visit.slot();
    return ids[slot] == visit.deviceId()
        && activity.foundData()
        && activity.newestTsS() > lastUploadS[slot];
  }

  /**
   * A visit ended: learns from what each polled feed found and puts the device back into the
   * schedule (a 404 pauses it until the device list shows it again).
   *
   * @param signal what the signal poll found, null when signal was not polled or failed
   * @param activity the same for activity
   * @param failed the visit failed (API, Kafka or store); the device is retried with backoff
   * @param gone the vendor answered 404
   */
  public synchronized void finish(
      Visit visit,
      FeedResult signal,
      FeedResult activity,
      boolean failed,
      boolean gone,
      long nowMs) {
    int slot = visit.slot();
    if (ids[slot] != visit.deviceId()) {
      return; // removed (and maybe reused) while it was polled
    }
    flags[slot] &= ~IN_FLIGHT;
    inFlight--;
    long nowS = nowMs / 1000;
    if (signal != null) {
      learnSignal(slot, signal, nowS);
      signalDueMs[slot] = nowMs + jittered(signalWaitS(slot, nowS) * 1000);
    }
    if (activity != null) {
      lastActivityPollS[slot] = nowS;
      activityDueMs[slot] = nowMs + jittered(activityWaitS(slot) * 1000);
    }
    if (gone) {
      flags[slot] |= REMOVED;
      notifyAll();
      return;
    }
    if (failed) {
      int n = Math.min(20, failures[slot]);
      failures[slot] = (byte) Math.min(100, failures[slot] + 1);
      long backoff =
          Math.min(settings.signalMax().toMillis(), settings.failureBackoff().toMillis() << n);
      dueMs[slot] = nowMs + jittered(Math.max(1000, backoff));
    } else {
      failures[slot] = 0;
      dueMs[slot] = Math.min(signalDueMs[slot], activityDueMs[slot]);
    }
    heapPush(slot);
    notifyAll();
  }

  /** When the device was last seen uploading, from its cursor: where learning resumes. */
  public synchronized void resumeFrom(String id, long lastReadingTsS) {
    int slot = index.find(id, ids);
    if (slot >= 0 && lastUploadS[slot] == 0) {
      lastUploadS[slot] = lastReadingTsS;
      lastNewestS[slot] = lastReadingTsS;
    }
  }

  private void learnSignal(int slot, FeedResult r, long nowS) {
    if (!settings.adaptive()) {
      return;
    }
    if (!r.foundData()) {
      long expected = expectedUploadS(slot);
      if (expected > 0 && nowS >= expected) {
        lateEmpties[slot] = (byte) Math.min(MAX_LATE_STEPS, lateEmpties[slot] + 1);
      }
      lastEmptyS[slot] = nowS;
      return;
    }
    if (reportedS[slot] > 0) {
      intervalS[slot] = reportedS[slot];
    } else {
      long prev = lastNewestS[slot];
      long span;
      int steps;
      if (prev > 0 && r.oldestTsS() > prev) {
        span = r.newestTsS() - prev;
        steps = r.records();
      } else {
        span = r.newestTsS() - r.oldestTsS();
        steps = r.records() - 1;
      }
      if (steps > 0 && span > 0) {
        int spacing = (int) Math.min(Integer.MAX_VALUE, span / steps);
        intervalS[slot] = intervalS[slot] == 0 ? spacing : (3 * intervalS[slot] + spacing) / 4;
      }
    }
    boolean sawNothingBefore = lastEmptyS[slot] > lastUploadS[slot];
    long upload = Math.min(nowS, Math.max(r.newestTsS(), sawNothingBefore ? lastEmptyS[slot] : 0));
    if (lastUploadS[slot] > 0 && upload > lastUploadS[slot]) {
      long sample = Math.min(Integer.MAX_VALUE, upload - lastUploadS[slot]);
      int gap = gapS[slot];
      if (sawNothingBefore) {
        // One late wake doubles one sample; it must not double the estimate.
        long bounded = gap == 0 ? sample : Math.min(sample, 3L * gap);
        gapS[slot] = (int) (gap == 0 ? bounded : (2L * gap + bounded) / 3);
      } else if (gap == 0 || sample <= gap) {
        // Data at every poll: the device uploads at least this often. Probe sooner.
        gapS[slot] = (int) Math.max(1, sample * 3 / 4);
      }
    }
    lastUploadS[slot] = Math.max(lastUploadS[slot], upload);
    lastNewestS[slot] = Math.max(lastNewestS[slot], r.newestTsS());
    lateEmpties[slot] = 0;
  }

  private long expectedUploadS(int slot) {
    return lastUploadS[slot] > 0 ? lastUploadS[slot] + effectiveGapS(slot) : 0;
  }

  private long effectiveGapS(int slot) {
    long floor = settings.signalMin().toSeconds();
    long g = gapS[slot] > 0 ? gapS[slot] : reportedS[slot] > 0 ? reportedS[slot] : floor;
    return Math.max(1, g);
  }

  private long signalWaitS(int slot, long nowS) {
    if (!settings.adaptive()) {
      return settings.fixedInterval().toSeconds();
    }
    long floor = settings.signalMin().toSeconds();
    long ceiling = settings.signalMax().toSeconds();
    long gap = effectiveGapS(slot);
    long grace = Math.max(30, Math.min(300, gap / 20));
    long expected = expectedUploadS(slot);
    long wait;
    if (expected > 0 && expected + grace > nowS) {
      wait = expected + grace - nowS;
    } else {
      wait = floor << Math.min(lateEmpties[slot], 20);
    }
    return Math.max(floor, Math.min(ceiling, wait));
  }

  private long activityWaitS(int slot) {
    if (!settings.adaptive()) {
      return settings.fixedInterval().toSeconds();
    }
    long min = settings.activityMin().toSeconds();
    long max = settings.activityMax().toSeconds();
    long g = gapS[slot] > 0 ? gapS[slot] : min;
    return Math.max(min, Math.min(max, g));
  }

  private static long jittered(long waitMs) {
    long spread = Math.min(60_000, waitMs / 10);
    return waitMs + randomBelow(spread);
  }

  private static long randomBelow(long bound) {
    return bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound);
  }

  /** Blocks up to {@code maxWaitMs} or until the schedule changes. */
  public synchronized void awaitChange(long maxWaitMs) throws InterruptedException {
    if (maxWaitMs > 0) {
      wait(maxWaitMs);
    }
  }

  /** Wakes whoever waits in {@link #awaitChange}. */
  public synchronized void wakeUp() {
    notifyAll();
  }

  /** Due time of the device due first, or Long.MAX_VALUE when none is scheduled. */
  public synchronized long nextDueMs() {
    return heapSize == 0 ? Long.MAX_VALUE : dueMs[heap[0]];
  }

  /** Devices known (paused ones included). */
  public synchronized int size() {
    return count;
  }

  public synchronized int inFlight() {
    return inFlight;
  }

  /** Devices paused by a 404. */
  public synchronized int paused() {
    int n = 0;
    for (int slot = 0; slot < highWater; slot++) {
      if (ids[slot] != null && (flags[slot] & REMOVED) != 0) {
        n++;
      }
    }
    return n;
  }

  /** Scheduled devices due at or before {@code ms} (walks only the part of the heap that is). */
  public synchronized int countDueBy(long ms) {
    return heapSize == 0 ? 0 : countDue(0, ms);
  }

  private int countDue(int i, long ms) {
    if (i >= heapSize || dueMs[heap[i]] > ms) {
      return 0;
    }
    return 1 + countDue(2 * i + 1, ms) + countDue(2 * i + 2, ms);
  }

  public synchronized boolean contains(String id) {
    return index.find(id, ids) >= 0;
  }

  /** Every known device id (a copy). */
  public synchronized String[] deviceIds() {
    String[] out = new String[count];
    int n = 0;
    for (int slot = 0; slot < highWater; slot++) {
      if (ids[slot] != null) {
        out[n++] = ids[slot];
      }
    }
    return out;
  }

  /** The learned upload gap in seconds (0: not yet known). */
  public synchronized int uploadGapS(String id) {
    int slot = index.find(id, ids);
    return slot < 0 ? 0 : gapS[slot];
  }

  /** The learned (or vendor) sampling interval in seconds (0: not yet known). */
  public synchronized int samplingIntervalS(String id) {
    int slot = index.find(id, ids);
    return slot < 0 ? 0 : intervalS[slot];
  }

  /** When the device's next signal poll is due (epoch ms), or -1 when unknown. */
  public synchronized long signalDueMs(String id) {
    int slot = index.find(id, ids);
    return slot < 0 ? -1 : signalDueMs[slot];
  }

  /** The hash of the device snapshot last acknowledged by Kafka, 0 when none. */
  public synchronized long snapshotHash(String id) {
    int slot = index.find(id, ids);
    return slot < 0 ? 0 : snapshotHash[slot];
  }

  public synchronized void snapshotPublished(String id, long hash) {
    int slot = index.find(id, ids);
    if (slot >= 0) {
      snapshotHash[slot] = hash;
    }
  }

  private void release(int slot) {
    if ((flags[slot] & IN_FLIGHT) != 0) {
      inFlight--;
    }
    heapRemove(slot);
    index.remove(ids[slot], ids);
    ids[slot] = null;
    tenants[slot] = null;
    count--;
    if (freeCount == freeSlots.length) {
      freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
    }
    freeSlots[freeCount++] = slot;
  }

  private int allocateSlot() {
    int slot;
    if (freeCount > 0) {
      slot = freeSlots[--freeCount];
    } else {
      if (highWater == ids.length) {
        allocate(ids.length * 2);
      }
      slot = highWater++;
    }
    snapshotHash[slot] = 0;
    gapS[slot] = 0;
    intervalS[slot] = 0;
    reportedS[slot] = 0;
    lastUploadS[slot] = 0;
    lastNewestS[slot] = 0;
    lastEmptyS[slot] = 0;
    lastActivityPollS[slot] = 0;
    lateEmpties[slot] = 0;
    failures[slot] = 0;
    flags[slot] = 0;
    heapPos[slot] = -1;
    return slot;
  }

  private void allocate(int capacity) {
    ids = ids == null ? new String[capacity] : Arrays.copyOf(ids, capacity);
    tenants = tenants == null ? new String[capacity] : Arrays.copyOf(tenants, capacity);
    snapshotHash = grow(snapshotHash, capacity);
    dueMs = grow(dueMs, capacity);
    signalDueMs = grow(signalDueMs, capacity);
    activityDueMs = grow(activityDueMs, capacity);
    gapS = grow(gapS, capacity);
    intervalS = grow(intervalS, capacity);
    reportedS = grow(reportedS, capacity);
    lastUploadS = grow(lastUploadS, capacity);
    lastNewestS = grow(lastNewestS, capacity);
    lastEmptyS = grow(lastEmptyS, capacity);
    lastActivityPollS = grow(lastActivityPollS, capacity);
    lateEmpties = lateEmpties == null ? new byte[capacity] : Arrays.copyOf(lateEmpties, capacity);
    failures = failures == null ? new byte[capacity] : Arrays.copyOf(failures, capacity);
    flags = flags == null ? new byte[capacity] : Arrays.copyOf(flags, capacity);
    listGeneration = grow(listGeneration, capacity);
    heapPos = grow(heapPos, capacity);
    heap = grow(heap, capacity);
  }

  private static long[] grow(long[] a, int capacity) {
    return a == null ? new long[capacity] : Arrays.copyOf(a, capacity);
  }

  private static int[] grow(int[] a, int capacity) {
    return a == null ? new int[capacity] : Arrays.copyOf(a, capacity);
  }

  // The heap: heap[0] is the slot with the smallest dueMs; heapPos[slot] is its index or -1.

  private void heapPush(int slot) {
    if (heapPos[slot] >= 0) {
      heapRemove(slot);
    }
    heap[heapSize] = slot;
    heapPos[slot] = heapSize;
    siftUp(heapSize++);
  }

  private int heapPop() {
    int top = heap[0];
    heapRemove(top);
    return top;
  }

  private void heapRemove(int slot) {
    int i = heapPos[slot];
    if (i < 0) {
      return;
    }
    heapPos[slot] = -1;
    int last = heap[--heapSize];
    if (i == heapSize) {
      return;
    }
    heap[i] = last;
    heapPos[last] = i;
    siftDown(i);
    siftUp(i);
  }

  private void siftUp(int i) {
    int slot = heap[i];
    long key = dueMs[slot];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      int p = heap[parent];
      if (dueMs[p] <= key) {
        break;
      }
      heap[i] = p;
      heapPos[p] = i;
      i = parent;
    }
    heap[i] = slot;
    heapPos[slot] = i;
  }

  private void siftDown(int i) {
    int slot = heap[i];
    long key = dueMs[slot];
    while (true) {
      int child = 2 * i + 1;
      if (child >= heapSize) {
        break;
      }
      if (child + 1 < heapSize && dueMs[heap[child + 1]] < dueMs[heap[child]]) {
        child++;
      }
      int c = heap[child];
      if (dueMs[c] >= key) {
        break;
      }
      heap[i] = c;
      heapPos[c] = i;
      i = child;
    }
    heap[i] = slot;
    heapPos[slot] = i;
  }
}
