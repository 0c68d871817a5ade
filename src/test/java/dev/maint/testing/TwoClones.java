package dev.maint.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Two operators on two machines: a bare remote in a temporary folder (its {@code main} holding one
 * commit) and two clones of it, Ada's and Bob's, each with a committer identity. Each operator
 * runs maint in their own clone with their own state folder ({@code tmp/state-WHO}), as they would
 * on their own laptop.
 */
public final class TwoClones {
  /** The second operator, beside {@link Walks#OPERATOR}. */
  public static final String BOB = "Bob Operator <bob@example.test>";

  private final Path tmp;
  private final Git remote;
  private final Git ada;
  private final Git bob;

  private TwoClones(Path tmp, Git remote, Git ada, Git bob) {
    this.tmp = tmp;
    this.remote = remote;
    this.ada = ada;
    this.bob = bob;
  }

  /** Creates {@code tmp/remote.git} (pushed to from {@code tmp/seed}) and its clones {@code tmp/ada} and {@code tmp/bob}. */
  public static TwoClones in(Path tmp) throws IOException {
    Git remote = Git.initBare(tmp.resolve("remote.git"));
    Git seed = Git.initWithCommit(tmp.resolve("seed"));
    seed.run("push", "-q", remote.dir().toUri().toString(), "main");
    return new TwoClones(tmp, remote, Git.cloneOf(remote.dir(), tmp.resolve("ada")),
        Git.cloneOf(remote.dir(), tmp.resolve("bob")));
  }

  /** The bare remote, {@code origin} of both clones. */
  public Git remote() {
    return remote;
  }

  /** Ada's clone. */
  public Git ada() {
    return ada;
  }

  /** Bob's clone. */
  public Git bob() {
    return bob;
  }

  /** The state folder of operator {@code who}. */
  public Path stateDir(String who) {
    return tmp.resolve("state-" + who);
  }

  /**
   * maint in-process as operator {@code who}: the current folder is {@code clone}, the state folder
   * theirs, the clock {@code clock}, the walk runbook's secret set.
   */
  public CliHarness as(String who, Git clone, Clock clock) {
    return new CliHarness(clone.dir()).clock(clock).env("WALK_TOKEN", Walks.SECRET)
        .env("MAINT_STATE_DIR", stateDir(who).toString());
  }

  /** maint as a child process in folder {@code cwd}, as operator {@code who} with their state folder. */
  public MaintProcess process(String who, Path cwd, String... args) throws IOException {
    return MaintProcess.start(cwd, Map.of("MAINT_STATE_DIR", stateDir(who).toString()), args);
  }

  /** The runs the remote holds, {@code refs/maint/runs/ID} each. */
  public List<String> runRefsOnRemote() {
    return remote.run("for-each-ref", "--format=%(refname)", "refs/maint/runs/").lines().toList();
  }

  /** The one record on the remote's {@code branch}, parsed. */
  public JsonNode recordOnRemote(String branch) throws IOException {
    String path = remote.run("ls-tree", "-r", "--name-only", branch, "maintenance/records/").strip();
    return new ObjectMapper().readTree(remote.run("show", branch + ":" + path));
  }
}
