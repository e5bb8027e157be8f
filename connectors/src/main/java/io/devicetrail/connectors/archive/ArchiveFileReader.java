package io.devicetrail.connectors.archive;

import java.io.IOException;
import java.util.Objects;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Reads the events of one archive Parquet file through Flink's {@link FileSystem}, so the same code
 * reads {@code file://} and {@code s3://} (once the S3 plugin is initialised). Used by the sink's
 * compaction and by {@link ArchiveReader}.
 */
public final class ArchiveFileReader<T> implements RecordWiseFileCompactor.Reader<T> {

  private final ArchiveRecordConverter<T> converter;
  private final FSDataInputStream in;
  private final ParquetReader<GenericRecord> parquet;

  public ArchiveFileReader(ArchiveRecordConverter<T> converter, Path file) throws IOException {
    this.converter = Objects.requireNonNull(converter, "converter cannot be null");
    FileSystem fs = file.getFileSystem();
    long length = fs.getFileStatus(file).getLen();
    this.in = fs.open(file);
    try {
      this.parquet =
          AvroParquetReader.<GenericRecord>builder(new ParquetInputFile(in, length))
              // Generic records, even when a class named like the schema is on the classpath.
              .withDataModel(GenericData.get())
              .withConf(new Configuration(false))
              .build();
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** The next event, or null after the last one. */
  @Override
  public T read() throws IOException {
    GenericRecord record = parquet.read();
    return record == null ? null : converter.fromRecord(record);
  }

  @Override
  public void close() throws IOException {
    try (FSDataInputStream closing = in) {
      parquet.close();
    }
  }

  /** Opens one reader per file; what the sink's record-wise compactor needs. */
  public static final class Factory<T> implements RecordWiseFileCompactor.Reader.Factory<T> {
    private static final long serialVersionUID = 1L;

    private final ArchiveRecordConverter<T> converter;

    public Factory(ArchiveRecordConverter<T> converter) {
      this.converter = Objects.requireNonNull(converter, "converter cannot be null");
    }

    @Override
    public ArchiveFileReader<T> createFor(Path file) throws IOException {
      return new ArchiveFileReader<>(converter, file);
    }
  }
}
