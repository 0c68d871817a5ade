package dev.maint.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 (FIPS 180-4) as lower-case hex, for fingerprints of runbooks, certificates and settings. */
public final class Sha256 {
  private Sha256() {}

  /** The 64-character hex digest of {@code bytes}. */
  public static String hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (java.security.MessageDigest's contract).
      throw new IllegalStateException(e);
    }
  }

  /** The hex digest of {@code text} encoded as UTF-8. */
  public static String hex(String text) {
    return hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The digest of some bytes, computed on first use: the first SHA-256 of a process starts the
   * JDK's security providers (tens of milliseconds), which commands that never ask need not pay.
   */
  public static final class Deferred {
    private final byte[] bytes;
    private volatile String hex;

    /** @param bytes the bytes to digest; not copied, so the caller must not change them */
    public Deferred(byte[] bytes) {
      this.bytes = bytes;
    }

    /**
     * The digest of {@code bytes} as computed before, by the build for the embedded runbook's model.
     *
     * @param bytes the bytes digested; not copied
     * @param hex their 64-character hex digest
     */
    public static Deferred known(byte[] bytes, String hex) {
      Deferred d = new Deferred(bytes);
      d.hex = hex;
      return d;
    }

    /** The 64-character hex digest. */
    public String hex() {
      String h = hex;
      if (h == null) {
        h = Sha256.hex(bytes);
        hex = h;
      }
      return h;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Deferred d && d.hex().equals(hex());
    }

    @Override
    public int hashCode() {
      return hex().hashCode();
    }

    @Override
    public String toString() {
      return hex();
    }
  }
}
