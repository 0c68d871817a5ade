package dev.maint.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A run kept in git beside its maintenance branch, on a ref of its own ({@code
 * refs/maint/runs/ID}), so that it travels with the repository: pushed with the branch, fetched by
 * another clone, continued there. Its tree holds {@code session.json} (the session as {@code maint}
 * saves it, see {@code docs/sessions.md}) and one file per answer, {@code
 * answers/STEP/INSTANT-WHO.json}: two operators' answers to one step are two files, so two
 * histories of one run merge without losing either. The maintenance branch keeps its own
 * documented commits; nothing here touches a work tree.
 */
public final class RunRefs {
  /** Where runs live. */
  public static final String PREFIX = "refs/maint/runs/";

  /** Where runs fetched from a remote are put before they are merged into {@link #PREFIX}. */
  private static final String FETCHED = "refs/maint/fetched-runs/";

  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");

  /**
   * One answer of a run.
   *
   * @param step the step id
   * @param at when it was given, ISO 8601 instant
   * @param by who gave it ({@code Name <mail>}, or {@code maint})
   * @param json the answer as the session file keeps a step
   */
  public record Answer(String step, String at, String by, byte[] json) {
    /** The answer's file in the run's tree. */
    String path() {
      return "answers/" + safe(step) + "/" + safe(at) + "-" + safe(by) + ".json";
    }
  }

  /**
   * A run as a ref holds it.
   *
   * @param id the session id
   * @param session {@code session.json}
   * @param answers every answer file, in path order (by step, then time)
   */
  public record Stored(String id, byte[] session, List<byte[]> answers) {}

  private RunRefs() {}

  private static String safe(String s) {
    return UNSAFE.matcher(s).replaceAll("_");
  }

  /**
   * Commits the run's session and answers onto its ref: the ref's tree with {@code session.json}
   * replaced and the answers added (answers already there are kept).
   *
   * @param author the operator
   * @throws RecordException when the repository cannot be written
   */
  public static void save(Path repoDir, String id, byte[] session, List<Answer> answers, PersonIdent author) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("session.json", session);
    for (Answer a : answers) {
      files.put(a.path(), a.json());
    }
    put(repoDir, id, files, author, "maint: run " + id);
  }

  /**
   * Commits {@code files} (path in the run's tree to content) onto the run's ref, keeping every other
   * file of its tree. A ref moved meanwhile by another {@code maint} of this clone is read again and
   * the files put onto it, a few times.
   *
   * @throws RecordException when the repository cannot be written
   */
  private static void put(Path repoDir, String id, Map<String, byte[]> files, PersonIdent author, String message) {
    for (int attempt = 1; ; attempt++) {
      try (Repository repo = GitRecorder.open(repoDir); RevWalk walk = new RevWalk(repo);
          ObjectInserter inserter = repo.newObjectInserter()) {
        Ref ref = SoundRefs.exact(repo, PREFIX + id);
        RevCommit parent = ref == null ? null : walk.parseCommit(ref.getObjectId());
        Map<String, ObjectId> blobs = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
          blobs.put(f.getKey(), inserter.insert(Constants.OBJ_BLOB, f.getValue()));
        }
        ObjectId tree = Trees.treeWith(walk.getObjectReader(), inserter, parent == null ? null : parent.getTree(), blobs);
        if (parent != null && parent.getTree().equals(tree)) {
          return;
        }
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        if (parent != null) {
          commit.setParentId(parent);
        }
        commit.setAuthor(author);
        commit.setCommitter(GitRecorder.now(author));
        commit.setMessage(message + "\n");
        ObjectId id2 = inserter.insert(commit);
        inserter.flush();
        move(repo, PREFIX + id, parent, id2);
        return;
      } catch (IOException e) {
        if (attempt >= GitPusher.ATTEMPTS) {
          throw new RecordException("git: cannot save run " + id + " in " + repoDir + ": " + GitRecorder.reason(e), e);
        }
      }
    }
  }

  /** Where a run's tree keeps its claims. */
  private static final String CLAIMS = "claims/";

  /** What a released claim's file ends with: the claim's path with this added. */
  private static final String RELEASED = ".released";

  private static final com.fasterxml.jackson.databind.ObjectMapper CLAIM_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * A claim on part of a run, committed to its ref (and pushed) so that the operators walking the
   * run on other clones see it: on a section, while a walk has it selected; on a step, while its
   * command runs.
   *
   * @param kind {@code section} or {@code step}
   * @param target the section's or the step's id
   * @param operator who holds it, {@code Name <mail>}
   * @param host the host its {@code maint} runs on
   * @param pid that {@code maint}'s process id
   * @param since when it was made, ISO-8601 instant
   * @param expires when it lapses even if never released (its holder died, say), ISO-8601 instant
   */
  public record Claim(String kind, String target, String operator, String host, long pid, String since,
      String expires) {
    /** The claim's file in the run's tree. */
    String path() {
      return CLAIMS + safe(kind) + "/" + safe(target) + "/" + safe(since) + "-" + safe(host) + "-" + pid + ".json";
    }
  }

  /**
   * Commits claims to the run's ref; nothing is pushed here.
   *
   * @throws RecordException when the repository cannot be written
   */
  public static void claim(Path repoDir, String id, List<Claim> claims, PersonIdent author) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (Claim c : claims) {
      try {
        files.put(c.path(), CLAIM_JSON.writeValueAsBytes(c));
      } catch (IOException e) {
        throw new IllegalStateException("a claim always serialises", e);
      }
    }
    put(repoDir, id, files, author, "maint: claim in run " + id);
  }

  /**
   * Commits the release of claims to the run's ref (a file beside each, so that merging two
   * histories never brings a released claim back); nothing is pushed here.
   *
   * @throws RecordException when the repository cannot be written
   */
  public static void release(Path repoDir, String id, List<Claim> claims, PersonIdent author) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    claims.forEach(c -> files.put(c.path() + RELEASED, new byte[0]));
    put(repoDir, id, files, author, "maint: release in run " + id);
  }

  /**
   * Commits one answer to the run's ref together with the release of the claims that were held
   * while it was being given (a step's claim, released as its answer lands): the operators who
   * fetch the run next see the step answered, never free. Nothing is pushed here.
   *
   * @throws RecordException when the repository cannot be written
   */
  public static void answered(Path repoDir, String id, Answer answer, List<Claim> released, PersonIdent author) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(answer.path(), answer.json());
    released.forEach(c -> files.put(c.path() + RELEASED, new byte[0]));
    put(repoDir, id, files, author, "maint: answer in run " + id);
  }

  /**
   * The run as its ref holds it in this repository; empty when it has no ref (or the ref has no
   * {@code session.json} yet).
   *
   * @throws RecordException when the repository cannot be read
   */
  public static Optional<Stored> find(Path repoDir, String id) {
    if (!GitRecorder.isRepository(repoDir)) {
      return Optional.empty();
    }
    try (Repository repo = GitRecorder.open(repoDir); RevWalk walk = new RevWalk(repo)) {
      Ref ref = SoundRefs.exact(repo, PREFIX + id);
      return ref == null ? Optional.empty() : stored(walk, ref);
    } catch (IOException e) {
      throw new RecordException("git: cannot read run " + id + " in " + repoDir + ": " + GitRecorder.reason(e), e);
    }
  }

  /** The run a ref holds: its {@code session.json} and answer files; empty without a {@code session.json}. */
  private static Optional<Stored> stored(RevWalk walk, Ref ref) throws IOException {
    RevTree tree = walk.parseCommit(ref.getObjectId()).getTree();
    Optional<byte[]> session = Trees.readBytes(walk.getObjectReader(), tree, "session.json");
    if (session.isEmpty()) {
      return Optional.empty();
    }
    List<byte[]> answers = new ArrayList<>();
    try (TreeWalk tw = new TreeWalk(walk.getObjectReader())) {
      tw.addTree(tree);
      tw.setRecursive(true);
      while (tw.next()) {
        if (tw.getPathString().startsWith("answers/")) {
          answers.add(walk.getObjectReader().open(tw.getObjectId(0), Constants.OBJ_BLOB).getBytes());
        }
      }
    }
    return Optional.of(new Stored(ref.getName().substring(PREFIX.length()), session.get(), answers));
  }

  /** Whether the run has a ref in this repository. */
  public static boolean exists(Path repoDir, String id) {
    if (!GitRecorder.isRepository(repoDir)) {
      return false;
    }
    try (Repository repo = GitRecorder.open(repoDir)) {
      return SoundRefs.exact(repo, PREFIX + id) != null;
    } catch (IOException e) {
      throw new RecordException("git: cannot read run " + id + " in " + repoDir + ": " + GitRecorder.reason(e), e);
    }
  }

  /** The claims on the run's ref that were not released; empty when it has no ref. */
  public static List<Claim> claims(Path repoDir, String id) {
    List<Claim> claims = new ArrayList<>();
    try (Repository repo = GitRecorder.open(repoDir); RevWalk walk = new RevWalk(repo)) {
      Ref ref = SoundRefs.exact(repo, PREFIX + id);
      if (ref == null) {
        return claims;
      }
      Map<String, byte[]> found = new LinkedHashMap<>();
      java.util.Set<String> released = new java.util.HashSet<>();
      try (TreeWalk tw = new TreeWalk(walk.getObjectReader())) {
        tw.addTree(walk.parseCommit(ref.getObjectId()).getTree());
        tw.setRecursive(true);
        while (tw.next()) {
          String path = tw.getPathString();
          if (path.startsWith(CLAIMS) && path.endsWith(RELEASED)) {
            released.add(path.substring(0, path.length() - RELEASED.length()));
          } else if (path.startsWith(CLAIMS)) {
            found.put(path, walk.getObjectReader().open(tw.getObjectId(0), Constants.OBJ_BLOB).getBytes());
          }
        }
      }
      for (Map.Entry<String, byte[]> f : found.entrySet()) {
        if (!released.contains(f.getKey())) {
          try {
            Claim c = CLAIM_JSON.readValue(f.getValue(), Claim.class);
            // A claim lacking a field is not one maint wrote (another program's, or damaged): it claims nothing.
            if (c != null && java.util.stream.Stream.of(c.kind(), c.target(), c.operator(), c.host(), c.since(),
                c.expires()).allMatch(java.util.Objects::nonNull)) {
              claims.add(c);
            }
          } catch (IOException unreadable) {
            // Not a claim maint wrote: it claims nothing.
          }
        }
      }
    } catch (IOException e) {
      throw new RecordException("git: cannot read run " + id + " in " + repoDir + ": " + GitRecorder.reason(e), e);
    }
    return claims;
  }

  private static void move(Repository repo, String name, RevCommit from, ObjectId to) throws IOException {
    RefUpdate u = repo.updateRef(name);
    u.setExpectedOldObjectId(from == null ? ObjectId.zeroId() : from);
    u.setNewObjectId(to);
    u.setForceUpdate(true);
    RefUpdate.Result r = u.update();
    if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FAST_FORWARD && r != RefUpdate.Result.FORCED
        && r != RefUpdate.Result.NO_CHANGE) {
      throw new IOException("cannot move " + name + ": " + r);
    }
  }

  /**
   * Every run the repository's sound refs hold; empty when {@code repoDir} is not a repository. A
   * damaged ref holds no run that can be read: {@link #damaged} names it, so that whatever lists
   * the runs says so rather than leaving it out unsaid.
   */
  public static List<Stored> list(Path repoDir) {
    if (!GitRecorder.isRepository(repoDir)) {
      return List.of();
    }
    List<Stored> all = new ArrayList<>();
    try (Repository repo = GitRecorder.open(repoDir); RevWalk walk = new RevWalk(repo)) {
      for (Ref ref : repo.getRefDatabase().getRefsByPrefix(PREFIX)) {
        // Read once: a damaged ref holds no run here, and damaged() lists it.
        Ref sound = SoundRefs.soundOrNull(repo, ref.getName());
        if (sound != null) {
          stored(walk, sound).ifPresent(all::add);
        }
      }
    } catch (IOException e) {
      throw new RecordException("git: cannot read the runs in " + repoDir + ": " + GitRecorder.reason(e), e);
    }
    return all;
  }

  /**
   * A run's ref that holds no run maint can read.
   *
   * @param ref the ref's full name as git keeps it ({@code refs/maint/runs/...}); anyone's text, to
   *     be escaped where shown
   * @param reason what is wrong with it and what to do, e.g. {@code not a commit id: repair or
   *     delete it with git update-ref}
   */
  public record Damaged(String ref, String reason) {}

  /**
   * The refs under {@link #PREFIX} that hold no run: a loose file or packed-refs line that is no
   * commit id (which jgit's own listing leaves out without a word), one naming an object that is
   * missing or no commit, a name git would never give a ref. (A tree without {@code session.json}
   * is a run whose first save has not landed yet, not damage.) Nothing is changed: the ref is left for a person to repair. Empty when {@code repoDir} is not a
   * repository.
   *
   * @throws RecordException when the repository cannot be read
   */
  public static List<Damaged> damaged(Path repoDir) {
    if (!GitRecorder.isRepository(repoDir)) {
      return List.of();
    }
    List<Damaged> damaged = new ArrayList<>();
    try (Repository repo = GitRecorder.open(repoDir)) {
      for (String name : SoundRefs.names(repo, PREFIX)) {
        String damage = SoundRefs.damage(repo, name);
        if (damage != null) {
          damaged.add(new Damaged(name, damage + ": " + SoundRefs.REPAIR));
        }
      }
    } catch (IOException e) {
      throw new RecordException("git: cannot read the runs in " + repoDir + ": " + GitRecorder.reason(e), e);
    }
    return damaged;
  }

  /**
   * Fetches the remote's runs and merges each into the local ref of the same run: the union of
   * both trees' answers, with this side's {@code session.json}, or the remote's for a run this
   * clone does not have. A remote that cannot be reached is no error: the local runs stay as they
   * are (walking offline works), and the next fetch catches up.
   *
   * @return whether the fetch reached the remote
   */
  public static boolean fetch(Path repoDir, String remote, Map<String, String> env, boolean interactive,
      PersonIdent who) {
    try (Repository repo = GitRecorder.open(repoDir)) {
      GitCommand git = git(repo, remote, env, interactive);
      GitCommand.Output out = git.run("fetch", "--no-tags", "--quiet", "--", url(remote, env),
          "+" + PREFIX + "*:" + FETCHED + "*");
      if (out.exitCode() != 0) {
        return false;
      }
      try (RevWalk walk = new RevWalk(repo); ObjectInserter inserter = repo.newObjectInserter()) {
        for (Ref fetched : repo.getRefDatabase().getRefsByPrefix(FETCHED)) {
          String name = PREFIX + fetched.getName().substring(FETCHED.length());
          merge(repo, walk, inserter, name, walk.parseCommit(fetched.getObjectId()), who);
        }
      }
      return true;
    } catch (IOException e) {
      throw new RecordException("git: cannot merge the fetched runs in " + repoDir + ": " + GitRecorder.reason(e), e);
    }
  }

  /**
   * Pushes the run's ref to {@code remote}. When the remote has moved on (another operator pushed
   * answers meanwhile), fetches it, merges (see {@link #fetch}) and pushes again, a few times.
   *
   * @return whether the run reached the remote; false when it cannot be reached (it is pushed by a
   *     later walk)
   */
  public static boolean push(Path repoDir, String id, String remote, Map<String, String> env, boolean interactive,
      PersonIdent who) {
    return push(repoDir, PREFIX + id + ":" + PREFIX + id, "run " + id, remote, env, interactive, who);
  }

  /**
   * Pushes every run of this clone to {@code remote}, as {@link #push} pushes one: so a run
   * recorded while the remote could not be reached (and finished then, so never resumed) reaches
   * it with the next walk that pushes. Runs the remote has as they are here cost nothing.
   *
   * @return whether the runs reached the remote
   */
  public static boolean pushAll(Path repoDir, String remote, Map<String, String> env, boolean interactive,
      PersonIdent who) {
    return push(repoDir, PREFIX + "*:" + PREFIX + "*", "the runs", remote, env, interactive, who);
  }

  private static boolean push(Path repoDir, String refspec, String what, String remote, Map<String, String> env,
      boolean interactive, PersonIdent who) {
    for (int attempt = 0; attempt < GitPusher.ATTEMPTS; attempt++) {
      try (Repository repo = GitRecorder.open(repoDir)) {
        GitCommand git = git(repo, remote, env, interactive);
        if (git.run("push", "--porcelain", "--quiet", "--", url(remote, env), refspec).exitCode() == 0) {
          return true;
        }
      } catch (IOException e) {
        throw new RecordException("git: cannot push " + what + ": " + GitRecorder.reason(e), e);
      }
      if (!fetch(repoDir, remote, env, interactive, who)) {
        return false;
      }
    }
    return false;
  }

  /**
   * Git for {@code remote} as {@link GitPusher#push} runs it: {@code ${env:NAME}} expanded, and a
   * password in the URL handed to git by a credential helper, never on its command line.
   */
  private static GitCommand git(Repository repo, String remote, Map<String, String> env, boolean interactive) {
    GitCommand git = new GitCommand(repo.getDirectory().toPath(), env, interactive);
    GitCommand.Credentials.of(GitPusher.expandEnvironment(remote, env)).ifPresent(git::withCredentials);
    return git;
  }

  /** The remote's URL as git is given it: without user and password (see {@link #git}). */
  private static String url(String remote, Map<String, String> env) {
    String expanded = GitPusher.expandEnvironment(remote, env);
    return GitCommand.Credentials.of(expanded).map(GitCommand.Credentials::url).orElse(expanded);
  }

  /** Merges {@code theirs} into the local ref {@code name}: answers united, this side's session kept. */
  private static void merge(Repository repo, RevWalk walk, ObjectInserter inserter, String name, RevCommit theirs,
      PersonIdent who) throws IOException {
    Ref ref = SoundRefs.exact(repo, name);
    if (ref == null) {
      move(repo, name, null, theirs);
      return;
    }
    RevCommit ours = walk.parseCommit(ref.getObjectId());
    if (ours.equals(theirs) || walk.isMergedInto(theirs, ours)) {
      return;
    }
    if (walk.isMergedInto(ours, theirs)) {
      move(repo, name, ours, theirs);
      return;
    }
    Map<String, ObjectId> blobs = new LinkedHashMap<>();
    // A run closed on the other side (recorded, or abandoned by --restart) is closed here too: its
    // session.json wins over this side's open one, so no clone goes on offering it.
    Optional<byte[]> ourSession = Trees.readBytes(walk.getObjectReader(), ours.getTree(), "session.json");
    Optional<byte[]> theirSession = Trees.readBytes(walk.getObjectReader(), theirs.getTree(), "session.json");
    if (theirSession.isPresent() && !state(theirSession.get()).equals("open")
        && ourSession.map(RunRefs::state).orElse("open").equals("open")) {
      try (TreeWalk one = TreeWalk.forPath(walk.getObjectReader(), "session.json", theirs.getTree())) {
        blobs.put("session.json", one.getObjectId(0));
      }
    }
    try (TreeWalk tw = new TreeWalk(walk.getObjectReader())) {
      tw.addTree(theirs.getTree());
      tw.setRecursive(true);
      while (tw.next()) {
        if (tw.getPathString().startsWith("answers/") || tw.getPathString().startsWith(CLAIMS)) {
          blobs.put(tw.getPathString(), tw.getObjectId(0));
        }
      }
    }
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(Trees.treeWith(walk.getObjectReader(), inserter, ours.getTree(), blobs));
    commit.setParentIds(ours, theirs);
    commit.setAuthor(who);
    commit.setCommitter(GitRecorder.now(who));
    commit.setMessage("maint: merge run " + name.substring(PREFIX.length()) + "\n");
    ObjectId merged = inserter.insert(commit);
    inserter.flush();
    move(repo, name, ours, merged);
  }

  /** The {@code state} of a {@code session.json} ({@code open}, {@code finished}, {@code abandoned}); {@code open} when unreadable. */
  static String state(byte[] session) {
    try {
      return CLAIM_JSON.readTree(session).path("state").asText("open");
    } catch (IOException unreadable) {
      return "open";
    }
  }

  /** A remote as it may be shown: the user and password of a URL hidden. */
  public static String shown(String remote) {
    return GitCommand.hideCredentials(remote);
  }

  /** The UTF-8 bytes of {@code text}. */
  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
