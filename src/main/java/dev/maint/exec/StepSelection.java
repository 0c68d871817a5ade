package dev.maint.exec;

import dev.maint.MaintException;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Section;
import dev.maint.runbook.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which of a cadence's steps a walk takes: {@code --only}, {@code --skip} and {@code --start-at}.
 *
 * <p>Each id names a step, or a section and so every step in it and in its subsections. The
 * rules, in order:
 *
 * <ol>
 *   <li>An id that names neither a step nor a section of the cadence is a usage error naming it.
 *   <li>{@code --only}: a step is kept when an {@code --only} id names it or a section holding it;
 *       steps marked {@code always: true} are kept anyway.
 *   <li>{@code --start-at}: steps before the named step (or the named section's first step) are
 *       left out, except those marked {@code always: true}. Required steps may be passed over, as
 *       a resumed walk already did them.
 *   <li>{@code --skip}: a step named by a {@code --skip} id, directly or by its section, is left
 *       out, even one marked {@code always: true}.
 *   <li>A step marked {@code required: true} that {@code --only} or {@code --skip} would leave out
 *       is a usage error naming it.
 * </ol>
 *
 * @param only ids to keep; empty keeps every step
 * @param skip ids to leave out
 * @param startAt id of the step (or section) to start at
 */
public record StepSelection(List<String> only, List<String> skip, Optional<String> startAt) {
  /** The selection that keeps every step. */
  public static final StepSelection ALL = new StepSelection(List.of(), List.of(), Optional.empty());

  public StepSelection {
    only = List.copyOf(only);
    skip = List.copyOf(skip);
    startAt = startAt.filter(s -> !s.isBlank());
  }

  /**
   * The selected steps of a cadence, in walking order.
   *
   * @throws MaintException (usage, exit 2) for an id the cadence does not have, or a required
   *     step that {@code --only} or {@code --skip} would leave out
   */
  public List<Cadence.PlacedStep> apply(Cadence cadence) {
    Map<String, Set<String>> stepIdsByName = names(cadence);
    for (String id : only) {
      known(stepIdsByName, "--only", id, cadence);
    }
    for (String id : skip) {
      known(stepIdsByName, "--skip", id, cadence);
    }
    startAt.ifPresent(id -> known(stepIdsByName, "--start-at", id, cadence));

    Set<String> onlyIds = union(stepIdsByName, only);
    Set<String> skipIds = union(stepIdsByName, skip);
    List<Cadence.PlacedStep> all = cadence.steps();
    int start = startAt.map(id -> firstIndex(all, stepIdsByName.get(id))).orElse(0);
    List<Cadence.PlacedStep> selected = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Step step = all.get(i).step();
      boolean inOnly = only.isEmpty() || onlyIds.contains(step.id());
      boolean skipped = skipIds.contains(step.id());
      if (step.required() && (skipped || (!inOnly && !step.always()))) {
        throw MaintException.usage(
            (skipped ? "--skip" : "--only") + " would leave out step '" + step.id()
                + "', which the runbook marks required: true");
      }
      boolean kept = !skipped && (step.always() || (inOnly && i >= start));
      if (kept) {
        selected.add(all.get(i));
      }
    }
    return selected;
  }

  /** Every step id and section id of the cadence, each with the ids of the steps it names. */
  private static Map<String, Set<String>> names(Cadence cadence) {
    Map<String, Set<String>> names = new LinkedHashMap<>();
    for (Section section : cadence.allSections()) {
      Set<String> ids = new LinkedHashSet<>();
      section.flatten().forEach(s -> s.steps().forEach(st -> ids.add(st.id())));
      names.computeIfAbsent(section.id(), k -> new LinkedHashSet<>()).addAll(ids);
    }
    for (Cadence.PlacedStep p : cadence.steps()) {
      names.computeIfAbsent(p.step().id(), k -> new LinkedHashSet<>()).add(p.step().id());
    }
    return names;
  }

  private static void known(Map<String, Set<String>> names, String option, String id, Cadence cadence) {
    if (!names.containsKey(id)) {
      throw MaintException.usage(
          option + " " + id + ": the cadence '" + cadence.id() + "' has no step or section '" + id
              + "' (see: maint show " + cadence.id() + ")");
    }
  }

  private static Set<String> union(Map<String, Set<String>> names, List<String> ids) {
    Set<String> out = new LinkedHashSet<>();
    ids.forEach(id -> out.addAll(names.get(id)));
    return out;
  }

  private static int firstIndex(List<Cadence.PlacedStep> steps, Set<String> ids) {
    for (int i = 0; i < steps.size(); i++) {
      if (ids.contains(steps.get(i).step().id())) {
        return i;
      }
    }
    // A section without steps: start after everything, so only always-steps run.
    return steps.size();
  }
}
