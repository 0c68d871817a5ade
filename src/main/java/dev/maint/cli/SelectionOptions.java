package dev.maint.cli;

import dev.maint.exec.StepSelection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --only}, {@code --skip}, {@code --start-at} and {@code --dry-run}: which steps a walk takes. */
public final class SelectionOptions {
  @Option(names = "--only", paramLabel = "SECTION|STEP", split = ",",
      description = "Walk only these sections or steps (repeatable, or comma-separated); steps marked "
          + "always: true are walked too.")
  List<String> only = new ArrayList<>();

  @Option(names = "--skip", paramLabel = "SECTION|STEP", split = ",",
      description = "Leave out these sections or steps (repeatable, or comma-separated). A step marked "
          + "required: true cannot be left out.")
  List<String> skip = new ArrayList<>();

  @Option(names = "--start-at", paramLabel = "STEP",
      description = "Start at this step (or section); earlier steps are left out unless marked always: true.")
  String startAt;

  @Option(names = "--dry-run",
      description = "List every step; run only probes (http, tls, cert) and steps marked readonly: true. "
          + "Other steps are recorded as skipped \"dry run\"; no prompts, nothing is committed.")
  boolean dryRun;

  StepSelection selection() {
    return new StepSelection(only, skip, Optional.ofNullable(startAt));
  }

  /** The selection as given, for the run log; empty when every step is walked. */
  String describe() {
    List<String> parts = new ArrayList<>();
    if (!only.isEmpty()) {
      parts.add("--only " + String.join(",", only));
    }
    if (!skip.isEmpty()) {
      parts.add("--skip " + String.join(",", skip));
    }
    if (startAt != null) {
      parts.add("--start-at " + startAt);
    }
    return String.join(" ", parts);
  }
}
