package dev.maint.record;

import dev.maint.exec.Status;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.schedule.PastRun;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.PathSuffixFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Reads past runs back from git: the record files at the tips of all maintenance branches, local
 * and remote-tracking. Only git's objects are read (jgit); nothing is checked out, fetched or
 * changed. A maintenance branch is one whose name fits a cadence's branch pattern; a JSON file
 * under the records folder that is not a maint record is passed over.
 */
public final class RecordReader {
  /**
   * A record and where it was found.
   *
   * @param record the record
   * @param ref the branch it was read from, e.g. {@code maintenance/2026-11} or {@code
   *     origin/maintenance/2026-11}
   * @param path the record file's path in the repository
   * @param refName the branch's full ref name, e.g. {@code refs/heads/maintenance/2026-11}
   */
  public record Found(RunRecord record, String ref, String path, String refName) {}

  private final Path repoDir;
  private final List<Pattern> branches;
  private final String directory;

  /**
   * @param repoDir a directory inside the repository
   * @param branchPatterns branch patterns with the tokens of {@link BranchName}
   * @param recordsPattern the record path pattern; files are looked for in its fixed folder
   */
  public RecordReader(Path repoDir, Collection<String> branchPatterns, String recordsPattern) {
    this.repoDir = repoDir;
    this.branches = branchPatterns.stream().map(RecordReader::branchRegex).toList();
    this.directory = RecordPath.directory(recordsPattern);
  }

  /**
   * A reader for the runbook's cadence branches (and {@link Cadence#PROCEDURE_BRANCH}, where
   * emergency responses and rollbacks go) and its record pattern.
   */
  public static RecordReader forRunbook(Path repoDir, Runbook runbook) {
    return new RecordReader(repoDir, Stream.concat(runbook.cadences().stream().map(Cadence::branch),
        Stream.of(Cadence.PROCEDURE_BRANCH)).distinct().toList(), runbook.log().records());
  }

  /**
   * Every run recorded, newest first (by start time), each session once; a record on a local
   * branch wins over the same record on a remote-tracking branch.
   *
   * @throws RecordException when {@code repoDir} is not in a git repository or git cannot be read
   */
  public List<Found> list() {
    Map<String, Found> bySession = new LinkedHashMap<>();
    try (Repository repo = GitRecorder.open(repoDir); RevWalk walk = new RevWalk(repo)) {
      for (Ref ref : branchRefs(repo)) {
        if (!maintenanceBranch(ref.getName())) {
          continue;
        }
        RevCommit tip = walk.parseCommit(ref.getObjectId());
        for (Found f : records(walk.getObjectReader(), tip, ref.getName(), directory)) {
          bySession.putIfAbsent(f.record().session(), f);
        }
      }
    } catch (IOException e) {
      throw new RecordException("git: " + e.getMessage(), e);
    }
    return newestFirst(bySession);
  }

  /**
   * The runs {@link #list()} passes over because another runbook recorded them: on a branch whose
   * tip maint committed (it has a {@value LogEntry#RECORD_TRAILER} trailer) but whose name fits none
   * of this reader's branch patterns, or whose records lie in another folder. A branch's records
   * are read from the folder of the record its tip names. Newest first, each session once, none
   * that {@link #list()} has.
   *
   * @throws RecordException when {@code repoDir} is not in a git repository or git cannot be read
   */
  public List<Found> elsewhere() {
    Set<String> listed = new HashSet<>();
    list().forEach(f -> listed.add(f.record().session()));
    Map<String, Found> bySession = new LinkedHashMap<>();
    try (Repository repo = GitRecorder.open(repoDir); RevWalk walk = new RevWalk(repo)) {
      for (Ref ref : branchRefs(repo)) {
        RevCommit tip = walk.parseCommit(ref.getObjectId());
        walk.parseBody(tip);
        List<String> named = tip.getFooterLines(LogEntry.RECORD_TRAILER);
        if (named.size() != 1) {
          continue;
        }
        String folder = named.get(0).substring(0, named.get(0).lastIndexOf('/') + 1);
        if (maintenanceBranch(ref.getName()) && folder.startsWith(directory)) {
          continue;
        }
        for (Found f : records(walk.getObjectReader(), tip, ref.getName(), folder)) {
          if (!listed.contains(f.record().session())) {
            bySession.putIfAbsent(f.record().session(), f);
          }
        }
      }
    } catch (IOException e) {
      throw new RecordException("git: " + e.getMessage(), e);
    }
    return newestFirst(bySession);
  }

  /** The local branches, then the remote-tracking ones, that point at a commit. */
  private static List<Ref> branchRefs(Repository repo) throws IOException {
    List<Ref> refs = new ArrayList<>(repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS));
    refs.addAll(repo.getRefDatabase().getRefsByPrefix(Constants.R_REMOTES));
    refs.removeIf(ref -> ref.isSymbolic() || ref.getObjectId() == null);
    return refs;
  }

  private static List<Found> newestFirst(Map<String, Found> bySession) {
    return bySession.values().stream()
        .sorted(Comparator.comparing((Found f) -> f.record().startedAt()).reversed()
            .thenComparing(f -> f.record().session()))
        .toList();
  }

  /**
   * The commit that last changed each record's file on the branch it was read from: the commit of
   * the run's log entry, or of its latest resume.
   *
   * @return the full commit id by session id; a run whose branch is gone meanwhile is left out
   * @throws RecordException when git cannot be read, or a run's branch is damaged (see {@code SoundRefs})
   */
  public Map<String, String> commits(List<Found> runs) {
    Map<String, String> commits = new LinkedHashMap<>();
    try (Repository repo = GitRecorder.open(repoDir)) {
      for (Found f : runs) {
        // By its full name, as every reader of maint's refs reads them: findRef's short name would
        // take a tag of the same name first, and a damaged branch for a missing one.
        Ref ref = SoundRefs.exact(repo, f.refName());
        if (ref == null) {
          continue;
        }
        try (RevWalk walk = new RevWalk(repo)) {
          walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(f.path()), TreeFilter.ANY_DIFF));
          walk.markStart(walk.parseCommit(ref.getObjectId()));
          RevCommit c = walk.next();
          if (c != null) {
            commits.put(f.record().session(), c.getName());
          }
        }
      }
    } catch (IOException e) {
      throw new RecordException("git: " + e.getMessage(), e);
    }
    return commits;
  }

  /**
   * The run whose session id is {@code session} or starts with it.
   *
   * @throws RecordException when the prefix fits more than one session
   */
  public Optional<Found> find(String session) {
    List<Found> hits = list().stream().filter(f -> f.record().session().startsWith(session)).toList();
    Optional<Found> exact = hits.stream().filter(f -> f.record().session().equals(session)).findFirst();
    if (exact.isPresent() || hits.size() <= 1) {
      return exact.isPresent() ? exact : hits.stream().findFirst();
    }
    throw new RecordException("session '" + session + "' is ambiguous: "
        + String.join(", ", hits.stream().map(f -> f.record().session()).toList()));
  }

  /**
   * Every run, whole or partial, as {@code maint due} weighs them.
   *
   * @param environment only runs against this environment, when given
   * @param zone the runbook's time zone, for each run's date
   * @throws RecordException as {@link #list()}
   */
  public List<PastRun> runs(Optional<String> environment, ZoneId zone) {
    return list().stream().map(Found::record)
        .filter(r -> environment.map(r.environment()::equals).orElse(true))
        .map(r -> pastRun(r, zone))
        .toList();
  }

  /**
   * The run as {@code maint due} weighs it.
   *
   * @param zone the runbook's time zone, for the run's date
   */
  public static PastRun pastRun(RunRecord r, ZoneId zone) {
    RunRecord.Coverage c = r.coverage();
    if (c == null) {
      // Written before maint recorded coverage: such a run counts as it did then, whole when completed.
      boolean completed = r.outcome().equals("completed");
      int answered = completed ? r.stepCount() : (int) r.steps().stream().filter(s -> answered(s.status())).count();
      c = new RunRecord.Coverage(r.stepCount(), answered, !completed);
    }
    return new PastRun(r.cadence(), r.session(), r.startedAt(), r.startedAt().atZone(zone).toLocalDate(), r.operator(),
        r.outcome(), c.cycleSteps(), c.answered(), c.partial());
  }

  private static boolean answered(String label) {
    return Arrays.stream(Status.values()).anyMatch(s -> s.label().equals(label) && s.answered());
  }

  private boolean maintenanceBranch(String refName) {
    String name;
    if (refName.startsWith(Constants.R_HEADS)) {
      name = refName.substring(Constants.R_HEADS.length());
    } else {
      // refs/remotes/REMOTE/BRANCH: the remote's name may itself hold a '/'.
      String rest = refName.substring(Constants.R_REMOTES.length());
      for (int slash = rest.indexOf('/'); slash >= 0; slash = rest.indexOf('/', slash + 1)) {
        if (fits(rest.substring(slash + 1))) {
          return true;
        }
      }
      return false;
    }
    return fits(name);
  }

  private boolean fits(String branch) {
    return branches.stream().anyMatch(p -> p.matcher(branch).matches());
  }

  /**
   * The records in {@code folder} ({@code a/b/}, or empty for the whole tree) of {@code tip}'s tree.
   *
   * @param refName the full name of the branch {@code tip} is the tip of
   */
  private static List<Found> records(ObjectReader reader, RevCommit tip, String refName, String folder)
      throws IOException {
    String ref = Repository.shortenRefName(refName);
    List<Found> found = new ArrayList<>();
    try (TreeWalk tw = new TreeWalk(reader)) {
      tw.addTree(tip.getTree());
      tw.setRecursive(true);
      TreeFilter json = PathSuffixFilter.create(".json");
      tw.setFilter(folder.isEmpty() ? json : AndTreeFilter.create(
          PathFilter.create(folder.substring(0, folder.length() - 1)), json));
      while (tw.next()) {
        byte[] bytes = reader.open(tw.getObjectId(0), Constants.OBJ_BLOB).getBytes();
        try {
          found.add(new Found(RecordJson.read(bytes, ref + ":" + tw.getPathString()), ref, tw.getPathString(), refName));
        } catch (RecordException notARecord) {
          // Other JSON files may share the folder; they are not runs.
        }
      }
    }
    return found;
  }

  private static Pattern branchRegex(String pattern) {
    StringBuilder regex = new StringBuilder();
    int at = 0;
    for (var m = Pattern.compile("\\{(year|month|quarter|week-year|week)}").matcher(pattern); m.find(); ) {
      regex.append(Pattern.quote(pattern.substring(at, m.start())));
      regex.append(switch (m.group(1)) {
        case "quarter" -> "[1-4]";
        case "month", "week" -> "\\d{2}";
        default -> "\\d{4}";
      });
      at = m.end();
    }
    regex.append(Pattern.quote(pattern.substring(at)));
    return Pattern.compile(regex.toString());
  }
}
