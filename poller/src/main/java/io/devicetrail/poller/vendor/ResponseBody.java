package io.devicetrail.poller.vendor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one answer of the vendor API: a single JSON object, nothing after it, whose list field's
 * elements are kept with their exact text. Anything else (truncated, malformed, trailing bytes) is
 * a {@link TransientFault}: the whole answer is fetched again.
 */
final class ResponseBody {
  // The same strictness as the event codec: numbers keep their precision, nesting is bounded.
  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(64)
                          .maxStringLength(1 << 20)
                          .build())
                  .build())
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** The answer's other fields, and the list's elements (null when the field is no array). */
  record Parsed(ObjectNode fields, List<VendorRecord> list) {}

  private ResponseBody() {}

  static Parsed parse(byte[] body, String listField) throws TransientFault {
    try (JsonParser p = MAPPER.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("body is not a JSON object");
      }
      ObjectNode fields = MAPPER.createObjectNode();
      List<VendorRecord> list = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals(listField) && value == JsonToken.START_ARRAY) {
          list = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == null) {
              throw malformed("body ends inside " + listField);
            }
            int start = (int) p.currentTokenLocation().getByteOffset();
            JsonNode element = MAPPER.readTree(p);
            int end = (int) p.currentLocation().getByteOffset();
            list.add(
                new VendorRecord(
                    element, new String(body, start, end - start, StandardCharsets.UTF_8)));
          }
        } else {
          fields.set(name, MAPPER.readTree(p));
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw malformed("body is not exactly one JSON object");
      }
      return new Parsed(fields, list);
    } catch (IOException e) {
      throw malformed("body is not well-formed JSON (" + firstLine(e.getMessage()) + ")");
    }
  }

  static TransientFault malformed(String what) {
    return new TransientFault("malformed answer: " + what, null);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
