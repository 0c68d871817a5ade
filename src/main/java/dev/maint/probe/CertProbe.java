package dev.maint.probe;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks the expiry of certificates in a file on disk of at most 16 MiB: PEM ({@code
 * CERTIFICATE}, {@code TRUSTED CERTIFICATE} or {@code PKCS7} blocks; other blocks such as keys
 * are ignored), DER (one certificate) or PKCS#7 DER. The earliest not-after of all the file's
 * certificates decides the verdict; days are counted from {@link ProbeContext#clock()} in whole
 * days, never early (one hour past not-after is "expired today").
 */
public final class CertProbe {
  /**
   * What to check.
   *
   * @param path the certificate file
   * @param warnDays WARN when fewer days are left before the earliest not-after
   * @param failDays FAIL when fewer days are left (an expired certificate has negative days)
   */
  public record Request(Path path, int warnDays, int failDays) {
    public Request {
      Objects.requireNonNull(path, "path");
    }
  }

  private final ProbeContext context;

  public CertProbe(ProbeContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /**
   * Reads the file and judges its certificates.
   *
   * @return ERROR if the file is missing, a directory, unreadable, larger than 16 MiB or holds no
   *     certificate; otherwise the days
   *     verdict on the earliest not-after, with details path, certificates (subject, sans,
   *     issuer, not_before, not_after, days_left, ...), earliest (index into certificates) and
   *     days_left
   */
  public ProbeResult check(Request r) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("path", r.path().toString());
    List<X509Certificate> certs;
    try {
      certs = Certificates.read(r.path());
    } catch (Certificates.TooLarge e) {
      return ProbeResult.error("certificate file " + r.path() + " " + e.getMessage()).with(details);
    } catch (NoSuchFileException e) {
      return ProbeResult.error("certificate file not found: " + r.path()).with(details);
    } catch (IOException e) {
      return ProbeResult.error("cannot read certificate file " + r.path() + ": " + TlsProbe.message(e)).with(details);
    } catch (Certificates.NoCertificate e) {
      return ProbeResult.error(r.path() + " " + e.getMessage()).with(details);
    } catch (CertificateException e) {
      return ProbeResult.error("no valid certificate in " + r.path() + ": " + TlsProbe.message(e)).with(details);
    }
    Instant now = context.clock().instant();
    List<Map<String, Object>> described = new ArrayList<>();
    int earliest = 0;
    for (int i = 0; i < certs.size(); i++) {
      described.add(Certificates.describe(certs.get(i), now));
      if (certs.get(i).getNotAfter().before(certs.get(earliest).getNotAfter())) {
        earliest = i;
      }
    }
    long days = Certificates.daysLeft(certs.get(earliest), now);
    details.put("certificates", described);
    details.put("earliest", earliest);
    details.put("days_left", days);
    String label = Certificates.label(certs.get(earliest), false);
    String what = certs.size() == 1 ? "certificate \"" + label + "\"" : "certificate \"" + label + "\" (earliest of " + certs.size() + ")";
    if (Certificates.expired(certs.get(earliest), now)) {
      return ProbeResult.fail(
              what + " " + Certificates.expiredAgo(certs.get(earliest), now) + ", not after "
                  + certs.get(earliest).getNotAfter().toInstant())
          .with(details);
    }
    return Certificates.daysVerdict(days, r.warnDays(), r.failDays(), what, "").with(details);
  }
}
