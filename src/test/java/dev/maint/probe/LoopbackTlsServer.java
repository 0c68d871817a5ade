package dev.maint.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import okhttp3.tls.HeldCertificate;

/**
 * A TLS server on a loopback port for probe tests: presents a certificate chosen by the SNI the
 * client sent (a default one without SNI or for unknown names), optionally after a plain-text
 * exchange such as PostgreSQL's SSLRequest, optionally after a delay, and records the SNI names
 * it received.
 */
public final class LoopbackTlsServer implements AutoCloseable {
  /** A plain-text exchange before TLS; returns false to close instead of handshaking. */
  public interface Preamble {
    boolean run(InputStream in, OutputStream out) throws IOException;
  }

  /** A private key and the certificates sent for it: the leaf first, then the rest as sent. */
  public record Identity(PrivateKey key, List<X509Certificate> certificates) {
    public Identity {
      certificates = List.copyOf(certificates);
    }

    public static Identity of(HeldCertificate leaf, HeldCertificate... chain) {
      List<X509Certificate> all = new ArrayList<>();
      all.add(leaf.certificate());
      for (HeldCertificate c : chain) {
        all.add(c.certificate());
      }
      return new Identity(leaf.keyPair().getPrivate(), all);
    }

    public static Identity of(PrivateKey key, X509Certificate... certificates) {
      return new Identity(key, List.of(certificates));
    }
  }

  /** Builds a server; {@link #start()} binds it. */
  public static final class Builder {
    private final Identity fallback;
    private final Map<String, Identity> bySni = new LinkedHashMap<>();
    private InetAddress bind;
    private Duration delay = Duration.ZERO;
    private Preamble preamble = (in, out) -> true;

    private Builder(Identity fallback) {
      this.fallback = fallback;
    }

    /** Presents {@code identity} to clients whose SNI is {@code name}. */
    public Builder sni(String name, Identity identity) {
      bySni.put(name, identity);
      return this;
    }

    /** The address to listen on (default 127.0.0.1). */
    public Builder bind(InetAddress address) {
      this.bind = address;
      return this;
    }

    /** Waits this long after accepting before answering (a slow server). */
    public Builder delay(Duration delay) {
      this.delay = delay;
      return this;
    }

    /** Runs a plain-text exchange before the handshake. */
    public Builder preamble(Preamble preamble) {
      this.preamble = preamble;
      return this;
    }

    public LoopbackTlsServer start() throws IOException {
      InetAddress address = bind != null ? bind : InetAddress.getByName("127.0.0.1");
      return new LoopbackTlsServer(this, address);
    }
  }

  /** A server presenting {@code fallback} unless an SNI entry matches. */
  public static Builder builder(Identity fallback) {
    return new Builder(fallback);
  }

  private final ServerSocket serverSocket;
  private final SSLContext context;
  private final Duration delay;
  private final Preamble preamble;
  private final List<List<String>> sniSeen = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private LoopbackTlsServer(Builder b, InetAddress address) throws IOException {
    Map<String, Identity> identities = new LinkedHashMap<>(b.bySni);
    identities.put("", b.fallback);
    try {
      context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {new SniKeyManager(identities, sniSeen)}, null, null);
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
    delay = b.delay;
    preamble = b.preamble;
    serverSocket = new ServerSocket();
    serverSocket.bind(new InetSocketAddress(address, 0), 100);
    acceptor = new Thread(this::acceptLoop, "loopback-tls-" + serverSocket.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  /** The SNI names of every handshake so far, one list per connection (empty: no SNI). */
  public List<List<String>> sniSeen() {
    return List.copyOf(sniSeen);
  }

  /** Errors connections ended with (handshake failures the client caused included). */
  public List<Throwable> failures() {
    return List.copyOf(failures);
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      try {
        Socket s = serverSocket.accept();
        Thread t = new Thread(() -> serve(s), "loopback-tls-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket plain) {
    try (plain) {
      plain.setSoTimeout(10_000);
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      if (!preamble.run(plain.getInputStream(), plain.getOutputStream())) {
        return;
      }
      try (SSLSocket ssl =
          (SSLSocket) context.getSocketFactory().createSocket(plain, null, plain.getPort(), true)) {
        ssl.setUseClientMode(false);
        ssl.startHandshake();
        // Wait for the client to hang up rather than closing under its feet.
        while (ssl.getInputStream().read() != -1) {
          // discard
        }
      }
    } catch (IOException | RuntimeException e) {
      failures.add(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
  }

  /** Chooses the identity by the SNI of the handshake in progress. */
  private static final class SniKeyManager extends X509ExtendedKeyManager {
    private final Map<String, Identity> identities;
    private final List<List<String>> sniSeen;

    SniKeyManager(Map<String, Identity> identities, List<List<String>> sniSeen) {
      this.identities = Collections.unmodifiableMap(identities);
      this.sniSeen = sniSeen;
    }

    /**
     * Picks the identity, and records the handshake's SNI here, while the handshake is still in
     * progress: recorded after it, a fast client could see the next check start before the
     * record exists.
     */
    private String choose(String keyType, SSLSession handshake) {
      String alias = "";
      List<String> names = new ArrayList<>();
      if (handshake instanceof ExtendedSSLSession e) {
        for (SNIServerName n : e.getRequestedServerNames()) {
          if (n instanceof SNIHostName h) {
            names.add(h.getAsciiName());
            if (identities.containsKey(h.getAsciiName())) {
              alias = h.getAsciiName();
            }
          }
        }
      }
      String algorithm = identities.get(alias).key().getAlgorithm();
      if (!algorithm.equals(keyType)) {
        return null;
      }
      sniSeen.add(names);
      return alias;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return choose(keyType, socket instanceof SSLSocket s ? s.getHandshakeSession() : null);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return choose(keyType, engine.getHandshakeSession());
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      Identity id = identities.get(alias);
      if (id == null) {
        return null;
      }
      return id.certificates().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return Optional.ofNullable(identities.get(alias)).map(Identity::key).orElse(null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return identities.keySet().toArray(new String[0]);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }

  /** Reads exactly {@code n} bytes. */
  public static byte[] readExactly(InputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new IOException("expected " + n + " bytes, got " + b.length);
    }
    return b;
  }

  /** Writes ASCII text. */
  public static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
