package dev.maint.runbook;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded, validated runbook. Built only by {@link RunbookLoader}, so an instance is always
 * valid: ids are unique and every {@code ${name}} refers to a declared variable.
 *
 * @param id runbook id
 * @param title title
 * @param version the runbook's own version string
 * @param source file name or embedded resource name it was loaded from
 * @param fingerprint SHA-256 of the file's bytes, to tell runbook revisions apart (see {@link #sha256()})
 * @param timezoneId the ID of the zone for dates, branches and windows, one {@link ZoneId#of} knows (see
 *     {@link #timezone()})
 * @param environments declared environment names
 * @param defaultEnvironment environment used when none is chosen
 * @param variables declared variables by name, in declaration order
 * @param log the maintenance log
 * @param cadences cadences in order
 * @param cadenceChoice the cadence-choice table
 * @param emergencies emergency triggers
 * @param rollbacks rollback procedures
 * @param calendar months of the yearly calendar
 * @param windows maintenance windows
 * @param quickReference named quick-reference commands
 * @param revisions revision history
 * @param environmentReferences names the runbook reads as {@code ${env:NAME}}, anywhere: their
 *     values are secrets from the start of a session
 */
public record Runbook(
    String id,
    String title,
    String version,
    String source,
    dev.maint.text.Sha256.Deferred fingerprint,
    String timezoneId,
    List<String> environments,
    String defaultEnvironment,
    Map<String, Variable> variables,
    LogSpec log,
    List<Cadence> cadences,
    List<Reference.CadenceChoice> cadenceChoice,
    List<Reference.Emergency> emergencies,
    List<Reference.Rollback> rollbacks,
    List<Reference.CalendarMonth> calendar,
    List<Reference.Window> windows,
    List<Reference.QuickCommand> quickReference,
    List<Reference.Revision> revisions,
    java.util.Set<String> environmentReferences) {
  public Runbook {
    java.util.Objects.requireNonNull(timezoneId, "timezoneId");
    environmentReferences = java.util.Set.copyOf(environmentReferences);
    environments = List.copyOf(environments);
    variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
    cadences = List.copyOf(cadences);
    cadenceChoice = List.copyOf(cadenceChoice);
    emergencies = List.copyOf(emergencies);
    rollbacks = List.copyOf(rollbacks);
    calendar = List.copyOf(calendar);
    windows = List.copyOf(windows);
    quickReference = List.copyOf(quickReference);
    revisions = List.copyOf(revisions);
  }

  /**
   * No runbook: no environments but {@code default}, no variables, no cadences. For probes whose
   * targets are all on the command line ({@code maint check tls HOST}), which read no runbook.
   */
  public static Runbook none() {
    return new Runbook("none", "none", "", "(none)", new dev.maint.text.Sha256.Deferred(new byte[0]),
        "Z", List.of(), "default", Map.of(), LogSpec.defaults(), List.of(), List.of(), List.of(),
        List.of(), List.of(), List.of(), List.of(), List.of(), java.util.Set.of());
  }

  /**
   * The zone for dates, branches and windows. Looked up when asked rather than when the runbook is
   * loaded: the first lookup of a region reads the JDK's time-zone database, several milliseconds
   * that {@code list} and {@code validate} need not pay (the loader checked that the ID is known).
   */
  public ZoneId timezone() {
    return ZoneId.of(timezoneId);
  }

  /** Hex SHA-256 of the file's bytes, computed on first use. */
  public String sha256() {
    return fingerprint.hex();
  }

  /**
   * Whether {@code cadenceId} has a light cycle in {@code month} (1-12): the calendar marks the
   * month light and lists the cadence in it.
   */
  public boolean lightCycle(String cadenceId, int month) {
    return calendar.stream().anyMatch(m -> m.month() == month && m.light() && m.cadences().contains(cadenceId));
  }

  /**
   * Checks an environment name given on the command line. A runbook that declares no
   * environments has one, its {@code default_environment} ({@code default} unless set).
   *
   * @throws dev.maint.MaintException (exit 2) when the runbook has no environment of this name
   */
  public void checkEnvironment(String environment) {
    if (environments.isEmpty() && !environment.equals(defaultEnvironment)) {
      throw dev.maint.MaintException.usage("unknown environment '" + environment
          + "' (the runbook declares no environments)");
    }
    if (!environments.isEmpty() && !environments.contains(environment)) {
      throw dev.maint.MaintException.usage("unknown environment '" + environment + "' (runbook declares: "
          + String.join(", ", environments) + ")");
    }
  }

  /** The cadence with this id, if any. */
  public Optional<Cadence> cadence(String cadenceId) {
    return cadences.stream().filter(c -> c.id().equals(cadenceId)).findFirst();
  }
}
