package dev.maint.exec;

import java.util.List;
import java.util.Map;

/**
 * How a session was started, kept with it so that {@code maint CADENCE --resume} from any folder
 * continues it as it was: the options that decide what the steps run against and where the record
 * goes ({@code --runbook}, {@code --env} in the session itself, {@code --set}, {@code --resolve},
 * {@code --full}, {@code --workdir}, {@code --repo}). Selection options ({@code --only}, {@code --skip}, {@code --start-at}) are not kept: they
 * choose the steps of each walk anew.
 *
 * @param command what walks it again, after {@code maint }: {@code monthly}, {@code walk weekly},
 *     {@code emergency critical-cve}
 * @param runbook the runbook file's absolute path; null for the runbook embedded in maint
 * @param set the {@code --set} values given, by name, except those of secret variables
 * @param secretSet names of the secret variables given with {@code --set}: their values are never
 *     kept, so a resume needs them again
 * @param resolve the {@code --resolve} values given, in order
 * @param full whether {@code --full} was given
 * @param workdir {@code --workdir}, absolute; null when not given
 * @param repoKey the repository's identity: its common git folder (the same for every work tree
 *     and every path to it)
 * @param caFile {@code --ca-file}, absolute; null when not given
 * @param environmentChosen where the environment was chosen ({@code --env}, {@code environment
 *     MAINT_ENV}, a configuration file's {@code FILE:LINE:COLUMN}); null when it is the runbook's
 *     default (and in files saved before maint kept it)
 */
public record Start(
    String command, String runbook, Map<String, String> set, List<String> secretSet, List<String> resolve,
    boolean full, String workdir, String repoKey, String caFile, String environmentChosen) {
  public Start {
    set = set == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(set));
    secretSet = secretSet == null ? List.of() : List.copyOf(secretSet);
    resolve = resolve == null ? List.of() : List.copyOf(resolve);
  }

  /** A start without {@code --ca-file}, in the runbook's default environment. */
  public Start(String command, String runbook, Map<String, String> set, List<String> secretSet, List<String> resolve,
      boolean full, String workdir, String repoKey) {
    this(command, runbook, set, secretSet, resolve, full, workdir, repoKey, null, null);
  }

  /** The same start, for the repository known here by {@code key}. */
  public Start withRepoKey(String key) {
    return new Start(command, runbook, set, secretSet, resolve, full, workdir, key, caFile, environmentChosen);
  }
}
