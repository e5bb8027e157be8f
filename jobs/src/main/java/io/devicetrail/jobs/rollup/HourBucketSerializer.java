package io.devicetrail.jobs.rollup;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes an {@link HourBucket} in about three bytes per reading for a regular device:
 *
 * <ul>
 *   <li>ts offsets as delta-of-delta varints, in seconds when every ts of the hour is a whole
 *       second (a regular device costs one byte a reading);
 *   <li>rssi as deltas of whole, tenth or hundredth dB values when every value of the hour reads
 *       back bit-identical from that scale, else as raw doubles (exactness first);
 *   <li>cells as the device's cell numbers, only when the hour has a cell at all.
 * </ul>
 */
public final class HourBucketSerializer extends CompactSerializer<HourBucket> {

  private static final long serialVersionUID = 1L;
  private static final int FORMAT = 1;
  private static final int WHOLE_SECONDS = 1;
  private static final int RSSI_SCALE_SHIFT = 1; // two bits: 0, 1, 2 decimals; 3 = raw doubles
  private static final int RAW_DOUBLES = 3;
  private static final int HAS_CELLS = 8;
  private static final double[] SCALES = {1, 10, 100};

  static final HourBucketSerializer INSTANCE = new HourBucketSerializer();

  @Override
  public HourBucket createInstance() {
    return new HourBucket(0);
  }

  @Override
  public void serialize(HourBucket b, DataOutputView out) throws IOException {
    out.writeByte(FORMAT);
    Varints.writeSigned(out, b.hourIndex);
    writeRow(b.row, out);
    Varints.writeUnsigned(out, b.size);
    boolean wholeSeconds = true;
    boolean hasCells = false;
    for (int i = 0; i < b.size; i++) {
      wholeSeconds &= b.offsetsMs[i] % 1000 == 0;
      hasCells |= b.cells[i] != 0;
    }
    int scale = rssiScale(b);
    out.writeByte(
        (wholeSeconds ? WHOLE_SECONDS : 0)
            | scale << RSSI_SCALE_SHIFT
            | (hasCells ? HAS_CELLS : 0));

    int unit = wholeSeconds ? 1000 : 1;
    long previous = 0;
    long previousDelta = 0;
    for (int i = 0; i < b.size; i++) {
      long delta = (b.offsetsMs[i] - previous) / unit;
      Varints.writeSigned(out, delta - previousDelta);
      previous = b.offsetsMs[i];
      previousDelta = delta;
    }
    if (scale == RAW_DOUBLES) {
      for (int i = 0; i < b.size; i++) {
        out.writeDouble(b.rssi[i]);
      }
    } else {
      long previousScaled = 0;
      for (int i = 0; i < b.size; i++) {
        long scaled = Math.round(b.rssi[i] * SCALES[scale]);
        Varints.writeSigned(out, scaled - previousScaled);
        previousScaled = scaled;
      }
    }
    if (hasCells) {
      for (int i = 0; i < b.size; i++) {
        Varints.writeUnsigned(out, b.cells[i]);
      }
    }
    Varints.writeUnsigned(out, b.snrCount);
    if (b.snrCount > 0) {
      out.writeDouble(b.snrSum);
    }
    Varints.writeUnsigned(out, b.batteryMinMv + 1L);
  }

  @Override
  public HourBucket deserialize(DataInputView in) throws IOException {
    checkFormat(in.readUnsignedByte(), FORMAT, "hour bucket");
    long hourIndex = Varints.readSigned(in);
    RowProgress row = readRow(in);
    int size = Varints.readUnsignedInt(in);
    HourBucket b = new HourBucket(hourIndex, row, Math.max(size, 1));
    int encoding = in.readUnsignedByte();
    int unit = (encoding & WHOLE_SECONDS) != 0 ? 1000 : 1;
    int scale = (encoding >> RSSI_SCALE_SHIFT) & 3;

    int[] offsets = new int[size];
    long previous = 0;
    long previousDelta = 0;
    for (int i = 0; i < size; i++) {
      long delta = previousDelta + Varints.readSigned(in);
      previous += delta * unit;
      offsets[i] = Math.toIntExact(previous);
      previousDelta = delta;
    }
    double[] rssi = new double[size];
    long previousScaled = 0;
    for (int i = 0; i < size; i++) {
      if (scale == RAW_DOUBLES) {
        rssi[i] = in.readDouble();
      } else {
        previousScaled += Varints.readSigned(in);
        rssi[i] = previousScaled / SCALES[scale];
      }
    }
    boolean hasCells = (encoding & HAS_CELLS) != 0;
    for (int i = 0; i < size; i++) {
      b.appendRestored(offsets[i], rssi[i], hasCells ? Varints.readUnsignedInt(in) : 0);
    }
    b.snrCount = Varints.readUnsignedInt(in);
    b.snrSum = b.snrCount > 0 ? in.readDouble() : 0;
    b.batteryMinMv = (int) (Varints.readUnsigned(in) - 1);
    return b;
  }

  /** The fewest decimals (0–2) from which every rssi of the hour reads back exactly, else raw. */
  private static int rssiScale(HourBucket b) {
    for (int scale = 0; scale < SCALES.length; scale++) {
      boolean exact = true;
      for (int i = 0; i < b.size && exact; i++) {
        exact = readsBackExactly(b.rssi[i], SCALES[scale]);
      }
      if (exact) {
        return scale;
      }
    }
    return RAW_DOUBLES;
  }

  static boolean readsBackExactly(double value, double scale) {
    if (!(Math.abs(value) < 1e12)) {
      return false;
    }
    double restored = Math.round(value * scale) / scale;
    return Double.doubleToLongBits(restored) == Double.doubleToLongBits(value);
  }

  @Override
  public TypeSerializerSnapshot<HourBucket> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Serializer snapshot for checkpoints and savepoints. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<HourBucket> {
    public Snapshot() {
      super(HourBucketSerializer::new);
    }
  }
}
