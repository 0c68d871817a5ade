package dev.maint.record;

import dev.maint.exec.Session;
import dev.maint.exec.Status;
import dev.maint.exec.StepResult;
import dev.maint.exec.Walker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the previous run of a cadence left open, carried into the next run: its failed steps
 * (fail, error, interrupted), steps that warned, and steps an operator skipped, with their reasons.
 * Steps skipped because their condition did not hold are not open. An item the previous run
 * carried and did not resolve (say a partial run that never reached the step) stays open, so
 * reading the newest record is enough to know everything still open.
 */
public final class CarryForward {
  private CarryForward() {}

  /**
   * The open items of a previous run, in its walking order, then those it carried from earlier
   * runs without resolving them (with their original status and reason); none resolved yet.
   */
  public static List<RunRecord.CarriedItem> open(RunRecord previous) {
    List<RunRecord.CarriedItem> items = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (RunRecord.StepRecord s : previous.steps()) {
      kind(s).ifPresent(kind -> {
        items.add(new RunRecord.CarriedItem(s.id(), kind, s.status(), s.reason(), s.note(), "", false));
        listed.add(s.id());
      });
    }
    for (RunRecord.CarriedItem c : previous.carriedForward()) {
      if (!c.resolved() && listed.add(c.step())) {
        items.add(new RunRecord.CarriedItem(c.step(), c.kind(), c.status(), c.reason(), c.note(), "", false));
      }
    }
    return items;
  }

  /**
   * The items with this session's status of each step; an item is resolved when the step now
   * passes.
   */
  public static List<RunRecord.CarriedItem> resolve(List<RunRecord.CarriedItem> items, Session session) {
    return items.stream().map(i -> {
      Optional<Status> now = session.result(i.step()).map(StepResult::status);
      return new RunRecord.CarriedItem(i.step(), i.kind(), i.status(), i.reason(), i.note(),
          now.map(Status::label).orElse(""), now.orElse(null) == Status.PASS);
    }).toList();
  }

  private static Optional<String> kind(RunRecord.StepRecord s) {
    if (s.status().equals(Status.WARN.label())) {
      return Optional.of("warned");
    }
    if (Status.isProblem(s.status())) {
      return Optional.of("failed");
    }
    if (s.status().equals(Status.SKIPPED.label()) && !s.by().equals(Walker.MAINT)) {
      return Optional.of("skipped");
    }
    return Optional.empty();
  }
}
