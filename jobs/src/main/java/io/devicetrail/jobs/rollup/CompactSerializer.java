package io.devicetrail.jobs.rollup;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of the rollup state serializers: a hand-written compact format (varints, deltas), with
 * copies made by a round trip through that format. Each value starts with a format byte, so a later
 * format can still read what an older job wrote.
 */
abstract class CompactSerializer<T> extends TypeSerializerSingleton<T> {

  private static final long serialVersionUID = 1L;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public T copy(T from) {
    try {
      DataOutputSerializer out = new DataOutputSerializer(256);
      serialize(from, out);
      return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot copy rollup state", e);
    }
  }

  @Override
  public T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  /** The number of bytes {@code value} takes in state. */
  int serializedSize(T value) {
    try {
      DataOutputSerializer out = new DataOutputSerializer(256);
      serialize(value, out);
      return out.length();
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize rollup state", e);
    }
  }

  static void checkFormat(int format, int expected, String what) throws IOException {
    if (format != expected) {
      throw new IOException("unknown " + what + " state format " + format);
    }
  }

  static void writeRow(RowProgress row, DataOutputView out) throws IOException {
    Varints.writeUnsigned(out, row.revision);
    Varints.writeUnsigned(out, row.lateReadings);
    Varints.writeUnsigned(out, row.maxLatenessS);
    out.writeByte((row.dirty ? 1 : 0) | (row.finalWritten ? 2 : 0));
  }

  static RowProgress readRow(DataInputView in) throws IOException {
    RowProgress row = new RowProgress();
    row.revision = Varints.readUnsignedInt(in);
    row.lateReadings = Varints.readUnsignedInt(in);
    row.maxLatenessS = Varints.readUnsignedInt(in);
    int flags = in.readUnsignedByte();
    row.dirty = (flags & 1) != 0;
    row.finalWritten = (flags & 2) != 0;
    return row;
  }
}
