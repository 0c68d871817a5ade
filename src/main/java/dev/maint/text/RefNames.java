package dev.maint.text;

/**
 * Git reference names, checked as {@code git check-ref-format} does (its documented rules 1-10).
 * Kept apart from jgit's {@code Repository.isValidRefName}, which gives the same answers, because
 * loading jgit's {@code Repository} starts jgit and the logging behind it: {@code maint list} and
 * {@code maint validate} check branch names but never open a repository.
 */
public final class RefNames {
  private RefNames() {}

  /**
   * Whether {@code name} (a full name such as {@code refs/heads/maintenance/2026-11}) is a valid
   * git reference name.
   */
  public static boolean isValid(String name) {
    if (name.isEmpty() || name.equals("@") || name.startsWith("/") || name.endsWith("/") || name.endsWith(".")
        || name.contains("//") || name.contains("..") || name.contains("@{") || !name.contains("/")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || " ~^:?*[\\".indexOf(c) >= 0) {
        return false;
      }
    }
    for (String component : name.split("/")) {
      if (component.startsWith(".") || component.endsWith(".lock")) {
        return false;
      }
    }
    return true;
  }
}
