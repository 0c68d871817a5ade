package dev.maint.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options a walk was given that decide what its steps run against and where its record goes,
 * as values: what a command parsed, or what a resumed session continues with ({@link
 * Resumption#resume}). Build one with {@link #builder()}.
 *
 * @param runbook the runbook file, absolute; empty for the runbook embedded in maint
 * @param environment the environment ({@code --env} or a configuration's); empty for the runbook's
 *     {@code default_environment}
 * @param environmentChosen where the environment was chosen ({@code --env}, {@code environment
 *     MAINT_ENV}, a configuration file's {@code FILE:LINE:COLUMN}); empty when it is the runbook's
 *     default
 * @param set the {@code --set} values given, by name, in the order given (the configuration
 *     files' {@code set:} lies below them and is not part of this)
 * @param resolve the {@code --resolve} values ({@code NAME:PORT:ADDRESS}), in the order given
 * @param full whether {@code --full} was given
 * @param workdir {@code --workdir}, absolute; empty when not given
 * @param caFile {@code --ca-file}, absolute; empty when not given
 * @param repo {@code --repo} as given (relative to the current folder) or as a session keeps it
 *     (absolute); empty for the current folder's repository
 */
public record RunRequest(
    Optional<Path> runbook, Optional<String> environment, Optional<String> environmentChosen,
    Map<String, String> set, List<String> resolve, boolean full, Optional<Path> workdir, Optional<Path> caFile,
    Optional<Path> repo) {
  public RunRequest {
    set = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
    resolve = List.copyOf(resolve);
  }

  /** A request with nothing given; set what was with the builder's methods. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this request's values, to change some of them. */
  public Builder toBuilder() {
    return new Builder().runbook(runbook).environment(environment, environmentChosen).set(set).resolve(resolve)
        .full(full).workdir(workdir).caFile(caFile).repo(repo);
  }

  /** Builds a {@link RunRequest}; every value starts as not given. */
  public static final class Builder {
    private Optional<Path> runbook = Optional.empty();
    private Optional<String> environment = Optional.empty();
    private Optional<String> environmentChosen = Optional.empty();
    private Map<String, String> set = Map.of();
    private List<String> resolve = List.of();
    private boolean full;
    private Optional<Path> workdir = Optional.empty();
    private Optional<Path> caFile = Optional.empty();
    private Optional<Path> repo = Optional.empty();

    private Builder() {}

    /** See {@link RunRequest#runbook()}. */
    public Builder runbook(Optional<Path> file) {
      this.runbook = file;
      return this;
    }

    /** See {@link RunRequest#environment()} and {@link RunRequest#environmentChosen()}. */
    public Builder environment(Optional<String> name, Optional<String> chosen) {
      this.environment = name;
      this.environmentChosen = chosen;
      return this;
    }

    /** See {@link RunRequest#set()}. */
    public Builder set(Map<String, String> values) {
      this.set = values;
      return this;
    }

    /** See {@link RunRequest#resolve()}. */
    public Builder resolve(List<String> values) {
      this.resolve = values;
      return this;
    }

    /** See {@link RunRequest#full()}. */
    public Builder full(boolean given) {
      this.full = given;
      return this;
    }

    /** See {@link RunRequest#workdir()}. */
    public Builder workdir(Optional<Path> dir) {
      this.workdir = dir;
      return this;
    }

    /** See {@link RunRequest#caFile()}. */
    public Builder caFile(Optional<Path> file) {
      this.caFile = file;
      return this;
    }

    /** See {@link RunRequest#repo()}. */
    public Builder repo(Optional<Path> dir) {
      this.repo = dir;
      return this;
    }

    public RunRequest build() {
      return new RunRequest(runbook, environment, environmentChosen, set, resolve, full, workdir, caFile, repo);
    }
  }
}
