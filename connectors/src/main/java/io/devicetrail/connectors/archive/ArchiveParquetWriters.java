package io.devicetrail.connectors.archive;

import java.io.IOException;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * Parquet writers that take the events themselves: each event is converted to its Avro record only
 * inside the writer, so the stream into the sink carries the event type (a Flink POJO) and no
 * intermediate {@code GenericRecord} stream is needed.
 */
public final class ArchiveParquetWriters {

  private ArchiveParquetWriters() {}

  /** A writer factory for the events of {@code converter}, compressed with {@code codec}. */
  public static <T> BulkWriter.Factory<T> forEvents(
      ArchiveRecordConverter<T> converter, CompressionCodecName codec) {
    return new EventWriterFactory<>(
        converter, new ParquetWriterFactory<>(new AvroBuilder(converter.schema(), codec)));
  }

  /** Builds one Avro-to-Parquet writer per file; holds the schema as text to stay serializable. */
  private static final class AvroBuilder implements ParquetBuilder<GenericRecord> {
    private static final long serialVersionUID = 1L;

    private final String schema;
    private final CompressionCodecName codec;

    AvroBuilder(Schema schema, CompressionCodecName codec) {
      this.schema = schema.toString();
      this.codec = Objects.requireNonNull(codec, "codec cannot be null");
    }

    @Override
    public ParquetWriter<GenericRecord> createWriter(OutputFile out) throws IOException {
      return AvroParquetWriter.<GenericRecord>builder(out)
          .withSchema(new Schema.Parser().parse(schema))
          .withDataModel(GenericData.get())
          .withCompressionCodec(codec)
          .build();
    }
  }

  private static final class EventWriterFactory<T> implements BulkWriter.Factory<T> {
    private static final long serialVersionUID = 1L;

    private final ArchiveRecordConverter<T> converter;
    private final BulkWriter.Factory<GenericRecord> records;

    EventWriterFactory(
        ArchiveRecordConverter<T> converter, BulkWriter.Factory<GenericRecord> records) {
      this.converter = converter;
      this.records = records;
    }

    @Override
    public BulkWriter<T> create(FSDataOutputStream out) throws IOException {
      BulkWriter<GenericRecord> writer = records.create(out);
      return new BulkWriter<>() {
        @Override
        public void addElement(T event) throws IOException {
          writer.addElement(converter.toRecord(event));
        }

        @Override
        public void flush() throws IOException {
          writer.flush();
        }

        @Override
        public void finish() throws IOException {
          writer.finish();
        }
      };
    }
  }
}
