package io.devicetrail.web;

/**
 * HTML escaping for every value a page shows. The same escaping is safe in element text, quoted
 * attribute values and SVG text, which is all the templates use.
 */
public final class Html {

  private Html() {}

  /** {@code text} with {@code & < > " '} replaced by entities; null becomes the empty string. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String entity =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
          };
      if (entity != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (entity != null) {
          out.append(entity);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  /** Markup built by this module from escaped parts: a template inserts it as is. */
  public record Safe(String markup) {
    @Override
    public String toString() {
      return markup;
    }
  }

  /** Marks already escaped markup as safe to insert. */
  public static Safe safe(String markup) {
    return new Safe(markup);
  }

  /** Escapes {@code text} and marks the result safe. */
  public static Safe text(String text) {
    return new Safe(escape(text));
  }
}
