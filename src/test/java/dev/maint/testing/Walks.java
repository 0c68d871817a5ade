package dev.maint.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The test runbook {@code walk.yaml} copied into a temporary folder, an application folder, and
 * the arguments that walk it against a repository as one operator.
 */
public final class Walks {
  /** 2026-11-29 09:00 UTC: a Sunday in ISO week 48, so monthly is 2026-11 and continuous 2026-W48. */
  public static final Clock NOV_29 = at("2026-11-29T09:00:00Z");

  /** The operator every walk names. */
  public static final String OPERATOR = "Ada Operator <ada@example.test>";

  /** The secret the runbook's {@code token} variable reads from the environment. */
  public static final String SECRET = "s3cr3t-value";

  private final Path tmp;
  private final Path app;
  private final Path runbook;

  /** Copies the runbook into {@code tmp} and creates {@code tmp/app}. */
  public Walks(Path tmp) throws IOException {
    this(tmp, "walk.yaml");
  }

  /** Copies the test runbook {@code src/test/resources/runbooks/NAME} into {@code tmp} and creates {@code tmp/app}. */
  public Walks(Path tmp, String name) throws IOException {
    this.tmp = tmp;
    this.app = Files.createDirectories(tmp.resolve("app"));
    this.runbook = tmp.resolve(name);
    try (InputStream in = Walks.class.getResourceAsStream("/runbooks/" + name)) {
      Files.copy(in, runbook, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** A fixed clock at an ISO-8601 instant. */
  public static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  public Path app() {
    return app;
  }

  public Path runbook() {
    return runbook;
  }

  /** maint with the current directory {@code tmp}, the clock at {@link #NOV_29} and the secret set. */
  public CliHarness maint() {
    return maint(NOV_29);
  }

  /** maint as {@link #maint()}, at another time. */
  public CliHarness maint(Clock clock) {
    return new CliHarness(tmp).clock(clock).env("WALK_TOKEN", SECRET);
  }

  /** {@code extra}, then the runbook, the repository, the application folder and the operator. */
  public String[] args(Path repo, String... extra) {
    List<String> all = new ArrayList<>(List.of(extra));
    all.addAll(List.of("--runbook", runbook.toString(), "--repo", repo.toString(), "--workdir", app.toString(),
        "--operator", OPERATOR));
    return all.toArray(String[]::new);
  }

  /** Rewrites the runbook, replacing {@code from} with {@code to}; fails when {@code from} is absent. */
  public void editRunbook(String from, String to) throws IOException {
    String text = Files.readString(runbook);
    if (!text.contains(from)) {
      throw new AssertionError(runbook.getFileName() + " has no '" + from + "'");
    }
    Files.writeString(runbook, text.replace(from, to));
  }
}
