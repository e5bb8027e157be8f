package io.devicetrail.web;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The API's OpenAPI 3.1 document as served, and a check of a live answer against it: the path and
 * operation are described, the status is one of the operation's responses, the media type is one of
 * that response's, required headers are there, and a JSON body validates against the schema (JSON
 * Schema 2020-12 with the OpenAPI 3.1 dialect, networknt json-schema-validator).
 */
final class OpenApiDocument {

  private static final String BASE = "https://devicetrail.test/api/v1/openapi.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode doc;
  private final SchemaRegistry registry;
  private final Set<String> exercised = new TreeSet<>();

  OpenApiDocument(String text) {
    this.doc = JSON.readTree(text);
    this.registry =
        SchemaRegistry.withDefaultDialect(
            Dialects.getOpenApi31(), b -> b.schemas(Map.of(BASE, text)));
  }

  JsonNode root() {
    return doc;
  }

  /** Operations as {@code "GET /api/v1/devices/{id}"}. */
  Set<String> operations() {
    Set<String> ops = new TreeSet<>();
    doc.get("paths")
        .properties()
        .forEach(
            e ->
                e.getValue()
                    .properties()
                    .forEach(
                        op ->
                            ops.add(
                                op.getKey().toUpperCase(java.util.Locale.ROOT)
                                    + " "
                                    + e.getKey())));
    return ops;
  }

  /** The operations {@link #check} has seen answer, with their statuses. */
  Set<String> exercised() {
    return exercised;
  }

  /** Problems of {@code response} (to a GET) against the document; empty when it conforms. */
  List<String> check(HttpResponse<String> response) {
    List<String> problems = new ArrayList<>();
    String path = response.request().uri().getRawPath();
    String template = template(path);
    if (template == null) {
      problems.add("no path of the document matches " + path);
      return problems;
    }
    JsonNode op = doc.get("paths").get(template).get("get");
    if (op == null) {
      problems.add("GET " + template + " is not described");
      return problems;
    }
    String status = Integer.toString(response.statusCode());
    JsonNode answer = op.get("responses").get(status);
    if (answer == null) {
      problems.add("GET " + template + " does not describe status " + status);
      return problems;
    }
    answer = resolve(answer);
    exercised.add("GET " + template + " " + status);
    String type = response.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
    JsonNode content = answer.get("content");
    if (content == null || content.get(type) == null) {
      problems.add("GET " + template + " " + status + " does not describe content " + type);
      return problems;
    }
    JsonNode headers = answer.get("headers");
    if (headers != null) {
      headers
          .properties()
          .forEach(
              h -> {
                if (h.getValue().path("required").asBoolean(false)
                    && response.headers().firstValue(h.getKey()).isEmpty()) {
                  problems.add("GET " + template + " " + status + " lacks header " + h.getKey());
                }
              });
    }
    if (type.endsWith("json")) {
      JsonNode schema = content.get(type).get("schema");
      if (schema.has("$ref")) {
        Schema s = registry.getSchema(SchemaLocation.of(BASE + schema.get("$ref").asString()));
        List<Error> errors = s.validate(response.body(), InputFormat.JSON);
        for (Error e : errors) {
          problems.add("GET " + path + " " + status + ": " + e);
        }
      }
    }
    return problems;
  }

  /** The validation errors of {@code body} against the schema at {@code ref} ("#/components/…"). */
  List<Error> errors(String ref, String body) {
    return registry.getSchema(SchemaLocation.of(BASE + ref)).validate(body, InputFormat.JSON);
  }

  private JsonNode resolve(JsonNode node) {
    while (node.has("$ref")) {
      String ref = node.get("$ref").asString();
      node = doc.at(ref.substring(1));
    }
    return node;
  }

  private String template(String rawPath) {
    String path = URLDecoder.decode(rawPath, StandardCharsets.UTF_8);
    Iterator<String> names = doc.get("paths").propertyNames().iterator();
    while (names.hasNext()) {
      String t = names.next();
      String regex = Pattern.quote(t).replace("{id}", "\\E[^/]+\\Q");
      if (Pattern.matches(regex, path)) {
        return t;
      }
    }
    return null;
  }
}
