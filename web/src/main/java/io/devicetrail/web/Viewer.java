package io.devicetrail.web;

/**
 * Who is looking: internal support (every tenant) or a client of one tenant. The database enforces
 * the difference (row-level security); this only says which role to take.
 */
public record Viewer(String tenantId) {

  private static final Viewer SUPPORT = new Viewer(null);

  public static Viewer support() {
    return SUPPORT;
  }

  public static Viewer client(String tenantId) {
    if (tenantId == null || tenantId.isBlank()) {
      throw new IllegalArgumentException("a client viewer needs a tenant");
    }
    return new Viewer(tenantId);
  }

  public boolean isSupport() {
    return tenantId == null;
  }

  /** "support" or "tenant acme", as the page header shows it. */
  public String label() {
    return isSupport() ? "support (all tenants)" : "tenant " + tenantId;
  }
}
