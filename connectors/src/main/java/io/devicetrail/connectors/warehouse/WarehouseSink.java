package io.devicetrail.connectors.warehouse;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink sink into one warehouse table: buffers rows and writes them as batches, one transaction
 * each, through a {@link BatchWriter}. At least once, made safe by idempotent batches. Made by
 * {@link WarehouseSinks}.
 */
final class WarehouseSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;

  private final WarehouseConnection connection;
  private final BatchWriter<T> writer;
  private final WarehouseSinkOptions options;

  WarehouseSink(
      WarehouseConnection connection, BatchWriter<T> writer, WarehouseSinkOptions options) {
    this.connection = Objects.requireNonNull(connection, "connection cannot be null");
    this.writer = Objects.requireNonNull(writer, "writer cannot be null");
    this.options = Objects.requireNonNull(options, "options cannot be null");
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    return new WarehouseSinkWriter<>(connection, writer, options, context);
  }

  @Override
  public String toString() {
    return "WarehouseSink[" + writer.target() + ", " + connection + ", " + options + "]";
  }
}
