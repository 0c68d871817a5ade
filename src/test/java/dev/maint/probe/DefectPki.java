package dev.maint.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.OtherName;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates with the defects real servers present (and okhttp-tls cannot express): extended
 * and plain key usage, missing CA flags, path lengths, name constraints of any form, SHA-1
 * signatures, weak keys, malformed or thousands of subjectAltName entries. Built with
 * BouncyCastle, converted to JDK certificates, dated from {@link LoopbackPki#NOW}.
 *
 * <p>Keys are generated once per kind and size and reused: RSA generation is slow, and reusing a
 * key across certificates is itself a case (a re-issued or cross-signed CA).
 */
public final class DefectPki {
  private static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xffffffffL);

  private DefectPki() {}

  /** A shared key: {@code ec}, {@code rsa1024}, {@code rsa2048}, ...; {@code slot} tells apart keys of one kind. */
  public static KeyPair key(String kind, int slot) {
    return KEYS.computeIfAbsent(kind + "#" + slot, k -> generate(kind));
  }

  private static KeyPair generate(String kind) {
    try {
      if (kind.equals("ec")) {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
      }
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(Integer.parseInt(kind.substring(3)));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An issued certificate with its key pair. */
  public record Held(X509Certificate certificate, KeyPair keys) {
    public PrivateKey privateKey() {
      return keys.getPrivate();
    }

    public String pem() {
      try {
        return "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Writes the certificates as one PEM bundle. */
  public static Path writePem(Path file, Held... certs) throws IOException {
    StringBuilder pem = new StringBuilder();
    for (Held c : certs) {
      pem.append(c.pem());
    }
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
    return file;
  }

  /** A certificate under construction; by default a leaf valid 30 days before NOW to 90 after. */
  public static final class Spec {
    private final String cn;
    private KeyPair keys = key("ec", 0);
    private Held issuer;
    private Instant notBefore = LoopbackPki.NOW.minus(Duration.ofDays(30));
    private Instant notAfter = LoopbackPki.NOW.plus(Duration.ofDays(90)).plus(Duration.ofHours(1));
    private boolean ca;
    private int pathLen = -1;
    private boolean basicConstraints = true;
    private Integer keyUsage;
    private List<KeyPurposeId> eku;
    private final List<ASN1Encodable> sans = new ArrayList<>();
    private boolean withSan;
    private final List<GeneralSubtree> permitted = new ArrayList<>();
    private final List<GeneralSubtree> excluded = new ArrayList<>();
    private String signature;
    private boolean keyIds = true;

    private Spec(String cn) {
      this.cn = cn;
    }

    public Spec keys(KeyPair k) {
      keys = k;
      return this;
    }

    public Spec issuer(Held h) {
      issuer = h;
      return this;
    }

    /** {@code days} whole days left at NOW (negative: expired that many days and an hour before). */
    public Spec days(long days) {
      notAfter = LoopbackPki.NOW.plus(Duration.ofDays(days)).plus(Duration.ofHours(days < 0 ? -1 : 1));
      return this;
    }

    public Spec notAfter(Instant t) {
      notAfter = t;
      return this;
    }

    public Spec notBefore(Instant t) {
      notBefore = t;
      return this;
    }

    /** A CA with keyUsage keyCertSign and cRLSign, pathLen unlimited ({@code -1}) or as given. */
    public Spec ca(int pathLen) {
      ca = true;
      this.pathLen = pathLen;
      keyUsage = KeyUsage.keyCertSign | KeyUsage.cRLSign;
      return this;
    }

    /** No basicConstraints extension at all. */
    public Spec noBasicConstraints() {
      basicConstraints = false;
      return this;
    }

    /** keyUsage bits (BouncyCastle {@link KeyUsage} constants), or null for none. */
    public Spec keyUsage(Integer bits) {
      keyUsage = bits;
      return this;
    }

    /** extendedKeyUsage with these purposes; none: no extension. */
    public Spec eku(KeyPurposeId... ids) {
      eku = ids.length == 0 ? null : List.of(ids);
      return this;
    }

    public Spec dns(String... names) {
      withSan = true;
      for (String n : names) {
        sans.add(new GeneralName(GeneralName.dNSName, n));
      }
      return this;
    }

    public Spec ip(String address) {
      withSan = true;
      sans.add(new GeneralName(GeneralName.iPAddress, address));
      return this;
    }

    /** An iPAddress entry with these raw bytes (say 5 of them: malformed). */
    public Spec rawIp(byte[] bytes) {
      withSan = true;
      sans.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(bytes)));
      return this;
    }

    public Spec permitDns(String base) {
      permitted.add(new GeneralSubtree(new GeneralName(GeneralName.dNSName, base)));
      return this;
    }

    public Spec excludeDns(String base) {
      excluded.add(new GeneralSubtree(new GeneralName(GeneralName.dNSName, base)));
      return this;
    }

    /** {@code 10.0.0.0/8} style. */
    public Spec excludeIp(String cidr) {
      excluded.add(new GeneralSubtree(new GeneralName(GeneralName.iPAddress, cidr)));
      return this;
    }

    public Spec permitIp(String cidr) {
      permitted.add(new GeneralSubtree(new GeneralName(GeneralName.iPAddress, cidr)));
      return this;
    }

    /** An otherName subtree (a form maint does not check). */
    public Spec excludeOtherName() {
      excluded.add(
          new GeneralSubtree(
              new GeneralName(
                  GeneralName.otherName,
                  new OtherName(new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"), new DERUTF8String("x@bad.test")))));
      return this;
    }

    /** Signature algorithm, e.g. {@code SHA1withECDSA}; default SHA-256 with the issuer's key type. */
    public Spec signature(String algorithm) {
      signature = algorithm;
      return this;
    }

    public Held build() {
      try {
        KeyPair signer = issuer == null ? keys : issuer.keys();
        X500Name subject = new X500Name("CN=" + cn);
        X500Name issuerName =
            issuer == null ? subject : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder b =
            new JcaX509v3CertificateBuilder(
                issuerName,
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(notBefore),
                Date.from(notAfter),
                subject,
                keys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        if (keyIds) {
          b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
          PublicKey issuerKey = signer.getPublic();
          b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerKey));
        }
        if (basicConstraints) {
          b.addExtension(
              Extension.basicConstraints,
              true,
              ca ? (pathLen >= 0 ? new BasicConstraints(pathLen) : new BasicConstraints(true)) : new BasicConstraints(false));
        }
        if (keyUsage != null) {
          b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        }
        if (eku != null) {
          b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku.toArray(new KeyPurposeId[0])));
        }
        if (withSan) {
          b.addExtension(Extension.subjectAlternativeName, false, new DERSequence(sans.toArray(new ASN1Encodable[0])));
        }
        if (!permitted.isEmpty() || !excluded.isEmpty()) {
          b.addExtension(
              Extension.nameConstraints,
              true,
              new NameConstraints(
                  permitted.isEmpty() ? null : permitted.toArray(new GeneralSubtree[0]),
                  excluded.isEmpty() ? null : excluded.toArray(new GeneralSubtree[0])));
        }
        String alg = signature != null ? signature : signer.getPublic().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        ContentSigner s = new JcaContentSignerBuilder(alg).build(signer.getPrivate());
        return new Held(new JcaX509CertificateConverter().getCertificate(b.build(s)), keys);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException | OperatorCreationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A certificate named {@code CN=cn}. */
  public static Spec cert(String cn) {
    return new Spec(cn);
  }

  /** A root CA valid 10 years, on EC key {@code slot}. */
  public static Held root(String cn, int slot) {
    return cert(cn).keys(key("ec", slot)).ca(-1).days(3650).build();
  }

  /** An intermediate CA (pathLen 0) signed by {@code issuer}, on EC key {@code slot}. */
  public static Spec intermediate(String cn, Held issuer, int slot) {
    return cert(cn).keys(key("ec", slot)).issuer(issuer).ca(0);
  }

  /** A leaf for DNS name {@code name} (serverAuth, digitalSignature) signed by {@code issuer}. */
  public static Spec leaf(String name, Held issuer) {
    return cert(name)
        .issuer(issuer)
        .keys(key("ec", 99))
        .dns(name)
        .keyUsage(KeyUsage.digitalSignature)
        .eku(KeyPurposeId.id_kp_serverAuth);
  }
}
