package io.devicetrail.web.api;

import static io.devicetrail.web.api.ApiQueries.JSON;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.devicetrail.events.Validator;
import io.devicetrail.web.DeviceQueries;
import io.devicetrail.web.DeviceState;
import io.devicetrail.web.FleetQueries;
import io.devicetrail.web.StatusReason;
import io.devicetrail.web.SupportDb;
import io.devicetrail.web.TokenBook;
import io.devicetrail.web.Viewer;
import io.devicetrail.web.http.Exchange;
import io.devicetrail.web.http.HttpProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The read API under {@code /api/v1} (docs/contract.md §8): the same tokens and the same row-level
 * security as the pages. JSON by default; CSV with {@code Accept: text/csv} or {@code ?format=csv}
 * (one row per list item, the same fields, nested objects flattened to {@code a.b} columns, paging
 * in a {@code Link: <…>; rel="next"} header); errors are {@code application/problem+json} (RFC
 * 9457). The OpenAPI 3.1 description is {@code /api/v1/openapi.json}.
 */
public final class ApiRoutes {

  static final String PREFIX = "/api/v1";
  static final String PROBLEM_JSON = "application/problem+json";
  static final String CSV = "text/csv; charset=utf-8; header=present";

  /** What the support database keeps of signal_recent (docs/contract.md §4). */
  static final Duration SIGNAL_RETENTION = Duration.ofDays(14);

  static final Duration ACTIVITY_RETENTION = Duration.ofDays(30);
  static final Duration MAX_RANGE = Duration.ofDays(400);

  private static final CsvMapper CSV_MAPPER = new CsvMapper();
  private static final byte[] OPENAPI = loadOpenApi();
  private static final Set<String> STATUSES =
      Set.of("AWAKE", "ASLEEP", "OVERDUE", "SILENT", "UNKNOWN");

  private static final List<String> DEVICE_ROW =
      List.of(
          "device_id",
          "tenant_id",
          "site",
          "model",
          "firmware",
          "status",
          "last_reading_ts",
          "rssi_dbm");
  private static final List<String> READING =
      List.of(
          "ts", "rssi_dbm", "snr_db", "rsrp_dbm", "rsrq_db", "cell_id", "lat", "lon", "battery_mv");
  private static final List<String> BUCKET =
      List.of(
          "bucket_start", "readings", "rssi_min", "rssi_avg", "rssi_max", "rssi_p50", "coverage");
  private static final List<String> EVENT = List.of("event_id", "ts", "type", "outcome", "detail");
  private static final List<String> RANKED = List.of("device_id", "tenant_id", "value");

  private static final List<String> DEVICE =
      List.of(
          "device_id",
          "tenant_id",
          "model",
          "firmware",
          "config_version",
          "reporting_interval_s",
          "site",
          "updated_at",
          "status",
          "status_reason",
          "latest.reading.ts",
          "latest.reading.rssi_dbm",
          "latest.reading.snr_db",
          "latest.reading.cell_id",
          "latest.reading.lat",
          "latest.reading.lon",
          "latest.reading.battery_mv",
          "latest.activity.ts",
          "latest.activity.type",
          "latest.activity.outcome",
          "latest.last_upload_at",
          "cadence.learned_interval_s",
          "cadence.learned_upload_gap_s",
          "cadence.next_upload_due_at",
          "as_of");

  private final SupportDb db;
  private final TokenBook tokenBook;
  private final Clock clock;

  public ApiRoutes(SupportDb db, TokenBook tokens, Clock clock) {
    this.db = db;
    this.tokenBook = tokens;
    this.clock = clock;
  }

  /**
   * Serves one API request.
   *
   * @param bearerToken the request's bearer token, or null
   * @param throttleToken spends one request of a token's rate limit (throws a 429 problem)
   */
  public void handle(Exchange ex, String bearerToken, Consumer<String> throttleToken)
      throws SQLException {
    String path = ex.rawPath();
    if (!path.startsWith(PREFIX + "/")) {
      throw notFound();
    }
    if (!ex.method().equals("GET") && !ex.method().equals("HEAD")) {
      ex.header("Allow", "GET, HEAD");
      throw new HttpProblem(405, "Method not allowed", "The read API only reads: use GET.");
    }
    String rest = path.substring(PREFIX.length());
    if (rest.equals("/openapi.json")) {
      ex.send(200, "application/json", OPENAPI);
      return;
    }
    if (bearerToken == null || bearerToken.isEmpty()) {
      throw unauthorized("Send Authorization: Bearer <token>.");
    }
    Viewer viewer =
        tokenBook
            .viewerFor(bearerToken)
            .orElseThrow(() -> unauthorized("That token is not known."));
    throttleToken.accept(TokenBook.rateKey(bearerToken));
    Params params = new Params(ex.query());
    Format format = Format.of(params.all().get("format"), ex.header("Accept"));
    if (rest.equals("/devices")) {
      devices(ex, viewer, params, format);
    } else if (rest.equals("/fleet/worst")) {
      worst(ex, viewer, params, format);
    } else if (rest.startsWith("/devices/")) {
      String[] parts = rest.substring("/devices/".length()).split("/", -1);
      String deviceId = Exchange.decode(parts[0]);
      if (!Validator.isValidDeviceId(deviceId)) {
        throw new HttpProblem(
            400,
            "Not a device id",
            "Device ids are 1-128 characters of A-Z a-z 0-9 . _ : -",
            "device_id",
            java.util.OptionalLong.empty());
      }
      if (parts.length == 1) {
        device(ex, viewer, deviceId, params, format);
      } else if (parts.length == 2) {
        switch (parts[1]) {
          case "signal" -> signal(ex, viewer, deviceId, params, format);
          case "activity" -> activity(ex, viewer, deviceId, params, format);
          case "value-at" -> valueAt(ex, viewer, deviceId, params, format);
          case "quality" ->
              throw new HttpProblem(
                  501,
                  "Not implemented yet",
                  "Data quality per device and day needs the job's quality counters, which are"
                      + " not in the support database yet.");
          default -> throw notFound();
        }
      } else {
        throw notFound();
      }
    } else {
      throw notFound();
    }
  }

  // ---------------------------------------------------------------------------------- devices

  private void devices(Exchange ex, Viewer viewer, Params p, Format format) throws SQLException {
    p.only(Set.of("prefix", "tenant", "site", "status", "cursor", "limit", "format"));
    String prefix = p.devicePrefix("prefix");
    String tenant = p.text("tenant", 128);
    String site = p.text("site", 256);
    String status = p.text("status", 16);
    if (status != null) {
      status = status.toUpperCase(Locale.ROOT);
      if (!STATUSES.contains(status)) {
        throw HttpProblem.badParameter(
            "status", "status is one of AWAKE, ASLEEP, OVERDUE, SILENT, UNKNOWN.");
      }
    }
    String after = Cursors.deviceFrom(p.all().get("cursor"));
    int limit = p.limit(100);
    String finalStatus = status;
    List<ObjectNode> rows =
        db.read(
            viewer,
            c -> ApiQueries.devices(c, after, prefix, tenant, site, finalStatus, limit + 1));
    String next = null;
    if (rows.size() > limit) {
      rows = rows.subList(0, limit);
      next = Cursors.afterDevice(rows.get(limit - 1).get("device_id").asText());
    }
    ObjectNode root = JSON.createObjectNode();
    root.putArray("devices").addAll(rows);
    root.set("next_cursor", ApiQueries.nullable(next));
    answerList(ex, format, root, rows, DEVICE_ROW, next, p);
  }

  private void device(Exchange ex, Viewer viewer, String deviceId, Params p, Format format)
      throws SQLException {
    p.only(Set.of("format"));
    ObjectNode device =
        db.read(
                viewer,
                c -> {
                  Optional<DeviceState> found = DeviceQueries.state(c, deviceId);
                  if (found.isEmpty()) {
                    return Optional.<ObjectNode>empty();
                  }
                  DeviceState s = found.get();
                  ObjectNode o = JSON.createObjectNode();
                  o.put("device_id", s.deviceId());
                  o.put("tenant_id", s.tenantId());
                  o.put("model", s.model());
                  o.put("firmware", s.firmware());
                  o.putNull("config_version");
                  putInt(o, "reporting_interval_s", s.reportingIntervalS());
                  o.put("site", s.site());
                  o.putNull("updated_at");
                  o.put("status", s.status().name());
                  o.put("status_reason", StatusReason.explain(s));
                  ObjectNode latest = JSON.createObjectNode();
                  ObjectNode reading = null;
                  if (s.lastReadingTs() == null) {
                    latest.putNull("reading");
                  } else {
                    reading = latest.putObject("reading");
                    reading.put("ts", s.lastReadingTs().toString());
                    putDouble(reading, "rssi_dbm", s.rssiDbm());
                    putDouble(reading, "snr_db", s.snrDb());
                    reading.put("cell_id", s.cellId());
                    reading.putNull("lat");
                    reading.putNull("lon");
                    putInt(reading, "battery_mv", s.batteryMv());
                  }
                  if (s.lastActivityTs() == null) {
                    latest.putNull("activity");
                  } else {
                    ObjectNode a = latest.putObject("activity");
                    a.put("ts", s.lastActivityTs().toString());
                    a.put("type", s.lastActivityType());
                    a.put("outcome", s.lastActivityOutcome());
                  }
                  putInstant(latest, "last_upload_at", s.lastUploadAt());
                  o.set("latest", latest);
                  ObjectNode cadence = o.putObject("cadence");
                  putInt(cadence, "learned_interval_s", s.learnedIntervalS());
                  putInt(cadence, "learned_upload_gap_s", s.learnedUploadGapS());
                  putInstant(cadence, "next_upload_due_at", s.nextUploadDueAt());
                  o.put("as_of", s.now().toString());
                  ApiQueries.addAttributes(c, deviceId, o, reading);
                  return Optional.of(o);
                })
            .orElseThrow(() -> unknownDevice(deviceId));
    if (format == Format.CSV) {
      answerCsv(ex, List.of(device), DEVICE, null, p);
    } else {
      answerJson(ex, device);
    }
  }

  // ----------------------------------------------------------------------------------- signal

  private void signal(Exchange ex, Viewer viewer, String deviceId, Params p, Format format)
      throws SQLException {
    p.only(Set.of("from", "to", "resolution", "format"));
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Range range = range(p, now, Duration.ofHours(48));
    String asked = p.choice("resolution", Set.of("raw", "hourly", "daily", "auto"), "auto");
    Duration span = Duration.between(range.from(), range.to());
    String resolution =
        !asked.equals("auto")
            ? asked
            : span.compareTo(Duration.ofHours(48)) <= 0
                ? "raw"
                : span.compareTo(Duration.ofDays(14)) <= 0 ? "hourly" : "daily";
    Instant retainedFrom = now.minus(SIGNAL_RETENTION);
    // Buckets are UTC-aligned: the range widens to whole buckets so none is cut at an edge.
    Instant from = range.from();
    Instant to = range.to();
    if (resolution.equals("hourly")) {
      from = from.truncatedTo(ChronoUnit.HOURS);
      to = ceil(to, ChronoUnit.HOURS);
    } else if (resolution.equals("daily")) {
      from = from.truncatedTo(ChronoUnit.DAYS);
      to = ceil(to, ChronoUnit.DAYS);
    }
    Instant qFrom = from;
    Instant qTo = to;
    List<ObjectNode> points =
        db.read(
                viewer,
                c -> {
                  Optional<ApiQueries.Intervals> intervals = ApiQueries.intervals(c, deviceId);
                  if (intervals.isEmpty()) {
                    return Optional.<List<ObjectNode>>empty();
                  }
                  return Optional.of(
                      switch (resolution) {
                        case "raw" -> ApiQueries.rawReadings(c, deviceId, qFrom, qTo);
                        case "hourly" ->
                            ApiQueries.buckets(
                                c, deviceId, "hour", qFrom, qTo, intervals.get().expected());
                        default ->
                            ApiQueries.buckets(
                                c, deviceId, "day", qFrom, qTo, intervals.get().expected());
                      });
                })
            .orElseThrow(() -> unknownDevice(deviceId));
    ObjectNode root = JSON.createObjectNode();
    root.put("device_id", deviceId);
    root.put("resolution", resolution);
    root.put("from", from.toString());
    root.put("to", to.toString());
    root.put("retained_from", retainedFrom.toString());
    root.putArray("points").addAll(points);
    answerList(ex, format, root, points, resolution.equals("raw") ? READING : BUCKET, null, p);
  }

  private void activity(Exchange ex, Viewer viewer, String deviceId, Params p, Format format)
      throws SQLException {
    p.only(Set.of("from", "to", "type", "cursor", "limit", "format"));
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Range range = range(p, now.plusSeconds(1), ACTIVITY_RETENTION);
    String type = p.activityType("type");
    Cursors.ActivityKey after = Cursors.activityFrom(p.all().get("cursor"));
    int limit = p.limit(100);
    List<ObjectNode> events =
        db.read(
                viewer,
                c -> {
                  if (ApiQueries.intervals(c, deviceId).isEmpty()) {
                    return Optional.<List<ObjectNode>>empty();
                  }
                  return Optional.of(
                      ApiQueries.activity(
                          c, deviceId, range.from(), range.to(), type, after, limit + 1));
                })
            .orElseThrow(() -> unknownDevice(deviceId));
    String next = null;
    if (events.size() > limit) {
      events = events.subList(0, limit);
      ObjectNode last = events.get(limit - 1);
      next =
          Cursors.afterActivity(
              Instant.parse(last.get("ts").asText()), last.get("event_id").asText());
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("device_id", deviceId);
    root.putArray("events").addAll(events);
    root.set("next_cursor", ApiQueries.nullable(next));
    answerList(ex, format, root, events, EVENT, next, p);
  }

  private void valueAt(Exchange ex, Viewer viewer, String deviceId, Params p, Format format)
      throws SQLException {
    p.only(Set.of("t", "format"));
    Instant t = p.instant("t");
    if (t == null) {
      throw HttpProblem.badParameter(
          "t", "t is required: an RFC 3339 time such as 2026-11-26T10:05:00Z.");
    }
    ObjectNode root =
        db.read(
                viewer,
                c -> {
                  if (ApiQueries.intervals(c, deviceId).isEmpty()) {
                    return Optional.<ObjectNode>empty();
                  }
                  Optional<ObjectNode> before = ApiQueries.nearest(c, deviceId, t, true);
                  Optional<ObjectNode> afterT = ApiQueries.nearest(c, deviceId, t, false);
                  ObjectNode o = JSON.createObjectNode();
                  o.put("device_id", deviceId);
                  o.put("t", t.toString());
                  ObjectNode best = null;
                  long distance = 0;
                  String side = null;
                  if (before.isPresent()) {
                    best = before.get();
                    distance = Duration.between(ts(best), t).toSeconds();
                    side = distance == 0 ? "at" : "before";
                  }
                  if (afterT.isPresent()) {
                    long d = Duration.between(t, ts(afterT.get())).toSeconds();
                    if (best == null || d < distance) {
                      best = afterT.get();
                      distance = d;
                      side = "after";
                    }
                  }
                  if (best == null) {
                    o.putNull("reading");
                    o.putNull("distance_s");
                    o.putNull("side");
                  } else {
                    o.set("reading", best);
                    o.put("distance_s", distance);
                    o.put("side", side);
                  }
                  o.put(
                      "retained_from",
                      clock
                          .instant()
                          .truncatedTo(ChronoUnit.SECONDS)
                          .minus(SIGNAL_RETENTION)
                          .toString());
                  return Optional.of(o);
                })
            .orElseThrow(() -> unknownDevice(deviceId));
    if (format == Format.CSV) {
      List<String> columns = new ArrayList<>(List.of("device_id", "t", "distance_s", "side"));
      for (String f : READING) {
        columns.add("reading." + f);
      }
      answerCsv(ex, List.of(root), columns, null, p);
    } else {
      answerJson(ex, root);
    }
  }

  // ------------------------------------------------------------------------------------ fleet

  private void worst(Exchange ex, Viewer viewer, Params p, Format format) throws SQLException {
    p.only(Set.of("metric", "window", "limit", "format"));
    String metric = p.choice("metric", Set.of("rssi", "timeouts", "coverage"), "rssi");
    String window = p.choice("window", Set.of("hour", "day", "week"), "day");
    int limit = p.limit(10);
    Duration length =
        switch (window) {
          case "hour" -> Duration.ofHours(1);
          case "day" -> Duration.ofDays(1);
          default -> Duration.ofDays(7);
        };
    Instant now = clock.instant();
    List<FleetQueries.RankedDevice> ranked =
        db.read(
            viewer,
            c ->
                switch (metric) {
                  case "timeouts" -> FleetQueries.mostTimeouts(c, now, length, limit);
                  case "coverage" ->
                      FleetQueries.signalRanks(c, now, length, limit).lowestCoverage();
                  default -> FleetQueries.signalRanks(c, now, length, limit).weakestSignal();
                });
    List<ObjectNode> rows = new ArrayList<>();
    for (FleetQueries.RankedDevice r : ranked) {
      ObjectNode o = JSON.createObjectNode();
      o.put("device_id", r.deviceId());
      o.put("tenant_id", r.tenantId());
      o.put("value", r.value());
      rows.add(o);
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("metric", metric);
    root.put("window", window);
    root.put("as_of", now.toString());
    root.putArray("devices").addAll(rows);
    answerList(ex, format, root, rows, RANKED, null, p);
  }

  // ---------------------------------------------------------------------------------- answers

  /** Which representation the client asked for. */
  enum Format {
    JSON,
    CSV;

    static Format of(String formatParam, String accept) {
      if (formatParam != null && !formatParam.isEmpty()) {
        return switch (formatParam.toLowerCase(Locale.ROOT)) {
          case "json" -> JSON;
          case "csv" -> CSV;
          default -> throw HttpProblem.badParameter("format", "format is json or csv.");
        };
      }
      if (accept == null) {
        return JSON;
      }
      double csv = quality(accept, "text/csv");
      double json = Math.max(quality(accept, "application/json"), quality(accept, "*/*"));
      return csv > 0 && csv > json ? CSV : JSON;
    }

    /** The q of {@code type} in an Accept header (0 when absent). */
    private static double quality(String accept, String type) {
      double best = 0;
      for (String range : accept.split(",")) {
        String[] parts = range.split(";");
        if (!parts[0].strip().equalsIgnoreCase(type)) {
          continue;
        }
        double q = 1;
        for (int i = 1; i < parts.length; i++) {
          String param = parts[i].strip();
          if (param.startsWith("q=")) {
            try {
              q = Double.parseDouble(param.substring(2));
            } catch (NumberFormatException e) {
              q = 0;
            }
          }
        }
        best = Math.max(best, q);
      }
      return best;
    }
  }

  private void answerList(
      Exchange ex,
      Format format,
      ObjectNode root,
      List<ObjectNode> items,
      List<String> columns,
      String nextCursor,
      Params p) {
    if (nextCursor != null) {
      ex.header("Link", "<" + nextLink(ex, p, nextCursor) + ">; rel=\"next\"");
    }
    if (format == Format.CSV) {
      answerCsv(ex, items, columns, null, p);
    } else {
      answerJson(ex, root);
    }
  }

  private static String nextLink(Exchange ex, Params p, String cursor) {
    StringBuilder link = new StringBuilder(ex.rawPath()).append('?');
    for (Map.Entry<String, String> e : new TreeMap<>(p.all()).entrySet()) {
      if (!e.getKey().equals("cursor")) {
        link.append(url(e.getKey())).append('=').append(url(e.getValue())).append('&');
      }
    }
    return link.append("cursor=").append(url(cursor)).toString();
  }

  private static void answerJson(Exchange ex, JsonNode root) {
    try {
      ex.send(200, "application/json", JSON.writeValueAsBytes(root));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void answerCsv(
      Exchange ex, List<ObjectNode> items, List<String> columns, String unused, Params p) {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    for (String column : columns) {
      schema.addColumn(column);
    }
    StringWriter out = new StringWriter();
    try (SequenceWriter w = CSV_MAPPER.writer(schema.build()).writeValues(out)) {
      for (ObjectNode item : items) {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
          row[i] = cell(item.at("/" + columns.get(i).replace(".", "/")));
        }
        w.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ex.send(200, CSV, out.toString());
  }

  /**
   * A CSV cell: numbers as numbers, objects as their JSON, text that a spreadsheet would run as a
   * formula prefixed with an apostrophe (OWASP's advice against CSV injection).
   */
  private static Object cell(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return node.numberValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    String text = node.isTextual() ? node.textValue() : node.toString();
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      return "'" + text;
    }
    return text;
  }

  /** Sends {@code p} as {@code application/problem+json}. */
  public void sendProblem(Exchange ex, HttpProblem p) {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", "about:blank");
    body.put("title", p.title());
    body.put("status", p.status());
    body.put("detail", p.getMessage());
    body.put("instance", ex.rawPath());
    if (p.parameter() != null) {
      body.put("parameter", p.parameter());
    }
    if (p.status() == 401) {
      ex.header("WWW-Authenticate", "Bearer realm=\"devicetrail\"");
    }
    p.retryAfterSeconds().ifPresent(s -> ex.header("Retry-After", Long.toString(s)));
    try {
      ex.send(p.status(), PROBLEM_JSON, JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------------------------ helpers

  private record Range(Instant from, Instant to) {}

  /** from/to: to defaults to {@code now}, from to {@code defaultSpan} before to. */
  private static Range range(Params p, Instant now, Duration defaultSpan) {
    Instant to = p.instant("to");
    Instant from = p.instant("from");
    if (to == null) {
      to = now;
    }
    if (from == null) {
      from = to.minus(defaultSpan);
    }
    if (!from.isBefore(to)) {
      throw HttpProblem.badParameter("from", "from must be before to.");
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw HttpProblem.badParameter("to", "A range is at most 400 days.");
    }
    return new Range(from, to);
  }

  private static Instant ceil(Instant t, ChronoUnit unit) {
    Instant down = t.truncatedTo(unit);
    return down.equals(t) ? t : down.plus(1, unit);
  }

  private static Instant ts(ObjectNode reading) {
    return Instant.parse(reading.get("ts").asText());
  }

  private static HttpProblem unknownDevice(String deviceId) {
    // The same answer for "does not exist" and "belongs to another tenant": nothing leaks.
    return new HttpProblem(404, "Unknown device", "No device " + deviceId + " is visible to you.");
  }

  private static HttpProblem notFound() {
    return new HttpProblem(404, "Not found", "There is no API call at this address.");
  }

  private static HttpProblem unauthorized(String detail) {
    return new HttpProblem(401, "Unauthorized", detail);
  }

  private static void putInt(ObjectNode o, String field, Integer v) {
    if (v == null) {
      o.putNull(field);
    } else {
      o.put(field, v);
    }
  }

  private static void putDouble(ObjectNode o, String field, Double v) {
    if (v == null) {
      o.putNull(field);
    } else {
      o.put(field, v);
    }
  }

  private static void putInstant(ObjectNode o, String field, Instant v) {
    if (v == null) {
      o.putNull(field);
    } else {
      o.put(field, v.toString());
    }
  }

  private static String url(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static byte[] loadOpenApi() {
    try (InputStream in = ApiRoutes.class.getResourceAsStream("/api/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("api/openapi.json missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
