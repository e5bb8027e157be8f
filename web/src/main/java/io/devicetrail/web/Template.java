package io.devicetrail.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain text template from the classpath ({@code /templates/<name>.html}) with {@code
 * {{placeholder}}} slots. Every value is escaped unless it is {@link Html.Safe}, so a page cannot
 * forget to escape a device id or a search term.
 */
public final class Template {

  private static final Pattern SLOT = Pattern.compile("\\{\\{([a-zA-Z0-9_]+)}}");

  private final String name;
  private final String text;

  private Template(String name, String text) {
    this.name = name;
    this.text = text;
  }

  /** Loads {@code /templates/<name>.html}. */
  public static Template load(String name) {
    String resource = "/templates/" + name + ".html";
    try (InputStream in = Template.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("template missing from the classpath: " + resource);
      }
      return new Template(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fills every slot; a slot without a value is a programming error and fails loudly. */
  public String render(Map<String, ?> values) {
    Matcher m = SLOT.matcher(text);
    StringBuilder out = new StringBuilder(text.length() * 2);
    while (m.find()) {
      String key = m.group(1);
      if (!values.containsKey(key)) {
        throw new IllegalStateException("template " + name + " has no value for {{" + key + "}}");
      }
      Object value = values.get(key);
      String filled =
          value instanceof Html.Safe safe
              ? safe.markup()
              : Html.escape(value == null ? "" : String.valueOf(value));
      m.appendReplacement(out, Matcher.quoteReplacement(filled));
    }
    m.appendTail(out);
    return out.toString();
  }
}
