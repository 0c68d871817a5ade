package dev.maint.runbook;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A maintenance cadence (continuous, monthly, quarterly, semi-annual) or another walkable
 * procedure (an emergency response, a rollback).
 *
 * @param id command name, e.g. {@code monthly}
 * @param title heading
 * @param frequency how often, as the runbook says
 * @param focus what it covers
 * @param duration typical duration, as text
 * @param when when it is due, as text
 * @param prep preparation, as text
 * @param branch branch pattern with tokens {@code {year} {month} {quarter} {week-year} {week}}
 * @param sections top-level sections in order
 * @param due when the cadence is due; empty for a cadence without a schedule (and for emergency
 *     responses and rollbacks)
 */
public record Cadence(
    String id,
    String title,
    String frequency,
    String focus,
    String duration,
    String when,
    String prep,
    String branch,
    List<Section> sections,
    Optional<Due> due) {
  /** The branch emergency responses and rollbacks are committed to: the month's. */
  public static final String PROCEDURE_BRANCH = "maintenance/{year}-{month}";

  public Cadence {
    sections = List.copyOf(sections);
    Objects.requireNonNull(due, "due");
  }

  /** Every section including nested ones, in walking order. */
  public List<Section> allSections() {
    return sections.stream().flatMap(s -> s.flatten().stream()).toList();
  }

  /**
   * How many of the cadence's steps {@code maint} decides: commands and probes, whose status it
   * sets (a manual step that only shows evidence is decided by a person).
   */
  public int decidedByMaint() {
    return (int) steps().stream().filter(p -> p.step().decidedByMaint()).count();
  }

  /** Every step in walking order, each with the section it belongs to. */
  public List<PlacedStep> steps() {
    return allSections().stream()
        .flatMap(sec -> sec.steps().stream().map(st -> new PlacedStep(sec, st)))
        .toList();
  }

  /**
   * The steps of the light cycle (December: security patches only): those in sections marked
   * {@code light: true}, or nested in one, in walking order.
   */
  public List<PlacedStep> lightSteps() {
    java.util.Set<Section> light = new java.util.HashSet<>();
    sections.stream().flatMap(s -> lightOf(s, false).stream()).forEach(light::add);
    return steps().stream().filter(p -> light.contains(p.section())).toList();
  }

  private static List<Section> lightOf(Section s, boolean inherited) {
    boolean on = inherited || s.light();
    java.util.List<Section> out = new java.util.ArrayList<>();
    if (on) {
      out.add(s);
    }
    s.sections().forEach(sub -> out.addAll(lightOf(sub, on)));
    return out;
  }

  /**
   * A step together with its section.
   *
   * @param section the section directly holding the step
   * @param step the step
   */
  public record PlacedStep(Section section, Step step) {}
}
