package dev.kappa.pipelines.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.util.RowJson;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Schema'd elements as one-line JSON objects, field names as in the schema: the one JSON form of
 * results and dead letters, whatever the sink.
 */
final class JsonRows<T> implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Schema schema;
  private final SerializableFunction<T, Row> toRow;
  private transient ObjectMapper mapper;

  private JsonRows(Schema schema, SerializableFunction<T, Row> toRow) {
    this.schema = schema;
    this.toRow = toRow;
  }

  static <T> JsonRows<T> of(PCollection<T> elements) {
    return new JsonRows<>(elements.getSchema(), elements.getToRowFunction());
  }

  String json(T element) throws JsonProcessingException {
    if (mapper == null) {
      mapper =
          new ObjectMapper()
              .registerModule(
                  new SimpleModule()
                      .addSerializer(Row.class, RowJson.RowJsonSerializer.forSchema(schema)));
    }
    return mapper.writeValueAsString(toRow.apply(element));
  }
}
