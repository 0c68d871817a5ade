package dev.maint.probe;

/** The outcome of a probe. */
public enum Verdict {
  /** Checked and right. */
  PASS,
  /** Checked and right, but close to a limit (e.g. a certificate expiring soon). */
  WARN,
  /** Checked and wrong. */
  FAIL,
  /** Could not be checked: DNS, refused, timeout, handshake failure, missing command. */
  ERROR;

  /** Lower-case name as reports show it. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

}
