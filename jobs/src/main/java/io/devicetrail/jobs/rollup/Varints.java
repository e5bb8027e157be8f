package io.devicetrail.jobs.rollup;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Variable-length integers (7 bits a byte, zigzag for signed), to keep per-reading state small. */
final class Varints {

  private Varints() {}

  static void writeUnsigned(DataOutputView out, long value) throws IOException {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  static long readUnsigned(DataInputView in) throws IOException {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.readUnsignedByte();
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IOException("malformed varint in rollup state");
  }

  static void writeSigned(DataOutputView out, long value) throws IOException {
    writeUnsigned(out, (value << 1) ^ (value >> 63));
  }

  static long readSigned(DataInputView in) throws IOException {
    long u = readUnsigned(in);
    return (u >>> 1) ^ -(u & 1);
  }

  static int readUnsignedInt(DataInputView in) throws IOException {
    return Math.toIntExact(readUnsigned(in));
  }
}
