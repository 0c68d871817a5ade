package dev.maint.runbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A numbered section of a cadence ("2.4 TLS Certificates"); may nest subsections ("3.3.1").
 *
 * @param id the section number or another id, unique within the runbook
 * @param title the heading
 * @param description text shown before the first step (may be empty)
 * @param light part of the light cycle (December: security patches only)
 * @param data a table shown with the section's steps
 * @param steps the section's own steps, in order
 * @param sections subsections, in order, after the section's own steps
 */
public record Section(
    String id,
    String title,
    String description,
    boolean light,
    Optional<DataTable> data,
    List<Step> steps,
    List<Section> sections) {
  public Section {
    steps = List.copyOf(steps);
    sections = List.copyOf(sections);
  }

  /** This section and all nested subsections, depth first, in document order. */
  public List<Section> flatten() {
    List<Section> all = new ArrayList<>();
    all.add(this);
    for (Section s : sections) {
      all.addAll(s.flatten());
    }
    return all;
  }
}
