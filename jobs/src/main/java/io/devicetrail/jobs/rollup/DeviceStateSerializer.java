package io.devicetrail.jobs.rollup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes a {@link DeviceState} compactly: varints, and hour indexes as deltas. */
public final class DeviceStateSerializer extends CompactSerializer<DeviceState> {

  private static final long serialVersionUID = 1L;
  private static final int FORMAT = 1;

  static final DeviceStateSerializer INSTANCE = new DeviceStateSerializer();

  @Override
  public DeviceState createInstance() {
    return new DeviceState();
  }

  @Override
  public void serialize(DeviceState s, DataOutputView out) throws IOException {
    out.writeByte(FORMAT);
    out.writeBoolean(s.tenantId != null);
    if (s.tenantId != null) {
      out.writeUTF(s.tenantId);
    }
    Varints.writeUnsigned(out, s.vendorIntervalS);
    Varints.writeSigned(out, s.newestTsMs);
    Varints.writeSigned(out, s.lastArrivalMs);
    Varints.writeSigned(out, s.timerAtMs);
    writeSorted(s.hours, out);
    writeSorted(s.dirtyHours, out);
    Varints.writeUnsigned(out, s.days.size());
    for (DeviceState.DayRow d : s.days) {
      Varints.writeSigned(out, d.dayIndex);
      writeRow(d.row, out);
    }
    writeCells(s.cells, out);
    CadenceLearner c = s.cadence;
    writeRing(c.intervalGapsS, c.intervalSamples, c.intervalNext, out);
    Varints.writeUnsigned(out, c.learnedIntervalS);
    writeRing(c.uploadGapsS, c.uploadSamples, c.uploadNext, out);
    Varints.writeUnsigned(out, c.learnedUploadGapS);
    Varints.writeSigned(out, c.lastUploadAtMs);
  }

  @Override
  public DeviceState deserialize(DataInputView in) throws IOException {
    checkFormat(in.readUnsignedByte(), FORMAT, "device");
    String tenantId = in.readBoolean() ? in.readUTF() : null;
    int vendorIntervalS = Varints.readUnsignedInt(in);
    long newestTsMs = Varints.readSigned(in);
    long lastArrivalMs = Varints.readSigned(in);
    long timerAtMs = Varints.readSigned(in);
    SortedLongs hours = readSorted(in);
    SortedLongs dirtyHours = readSorted(in);
    int dayCount = Varints.readUnsignedInt(in);
    List<DeviceState.DayRow> days = new ArrayList<>(dayCount);
    for (int i = 0; i < dayCount; i++) {
      long dayIndex = Varints.readSigned(in);
      days.add(new DeviceState.DayRow(dayIndex, readRow(in)));
    }
    CellDictionary cells = readCells(in);
    CadenceLearner c = new CadenceLearner();
    c.intervalSamples = readRing(c.intervalGapsS, in);
    c.intervalNext = Varints.readUnsignedInt(in);
    c.learnedIntervalS = Varints.readUnsignedInt(in);
    c.uploadSamples = readRing(c.uploadGapsS, in);
    c.uploadNext = Varints.readUnsignedInt(in);
    c.learnedUploadGapS = Varints.readUnsignedInt(in);
    c.lastUploadAtMs = Varints.readSigned(in);
    DeviceState s = new DeviceState(hours, dirtyHours, days, cells, c);
    s.tenantId = tenantId;
    s.vendorIntervalS = vendorIntervalS;
    s.newestTsMs = newestTsMs;
    s.lastArrivalMs = lastArrivalMs;
    s.timerAtMs = timerAtMs;
    return s;
  }

  private static void writeCells(CellDictionary cells, DataOutputView out) throws IOException {
    Varints.writeUnsigned(out, cells.nextNumber);
    Varints.writeUnsigned(out, cells.numbers.size());
    for (Map.Entry<String, Integer> e : cells.numbers.entrySet()) {
      out.writeUTF(e.getKey());
      Varints.writeUnsigned(out, e.getValue());
      Varints.writeSigned(out, cells.lastUsedHour.get(e.getValue()));
    }
  }

  private static CellDictionary readCells(DataInputView in) throws IOException {
    int nextNumber = Varints.readUnsignedInt(in);
    int count = Varints.readUnsignedInt(in);
    Map<String, Integer> numbers = new HashMap<>();
    Map<Integer, Long> lastUsed = new HashMap<>();
    for (int i = 0; i < count; i++) {
      String cell = in.readUTF();
      int number = Varints.readUnsignedInt(in);
      numbers.put(cell, number);
      lastUsed.put(number, Varints.readSigned(in));
    }
    return new CellDictionary(numbers, lastUsed, nextNumber);
  }

  private static void writeSorted(SortedLongs values, DataOutputView out) throws IOException {
    Varints.writeUnsigned(out, values.size());
    long previous = 0;
    for (int i = 0; i < values.size(); i++) {
      long v = values.get(i);
      if (i == 0) {
        Varints.writeSigned(out, v);
      } else {
        Varints.writeUnsigned(out, v - previous);
      }
      previous = v;
    }
  }

  private static SortedLongs readSorted(DataInputView in) throws IOException {
    int size = Varints.readUnsignedInt(in);
    long[] values = new long[Math.max(size, 4)];
    long previous = 0;
    for (int i = 0; i < size; i++) {
      previous = i == 0 ? Varints.readSigned(in) : previous + Varints.readUnsigned(in);
      values[i] = previous;
    }
    return new SortedLongs(values, size);
  }

  /** Ring contents: samples, then the next write position (written by the caller's order). */
  private static void writeRing(int[] ring, int samples, int next, DataOutputView out)
      throws IOException {
    Varints.writeUnsigned(out, samples);
    for (int i = 0; i < samples; i++) {
      Varints.writeUnsigned(out, ring[i]);
    }
    Varints.writeUnsigned(out, next);
  }

  private static int readRing(int[] ring, DataInputView in) throws IOException {
    int samples = Varints.readUnsignedInt(in);
    if (samples > ring.length) {
      throw new IOException("cadence ring of " + samples + " samples exceeds " + ring.length);
    }
    for (int i = 0; i < samples; i++) {
      ring[i] = Varints.readUnsignedInt(in);
    }
    return samples;
  }

  @Override
  public TypeSerializerSnapshot<DeviceState> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Serializer snapshot for checkpoints and savepoints. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<DeviceState> {
    public Snapshot() {
      super(DeviceStateSerializer::new);
    }
  }
}
