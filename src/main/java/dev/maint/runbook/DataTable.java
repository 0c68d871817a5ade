package dev.maint.runbook;

import java.util.List;

/**
 * A table from the runbook (update strategies, base images, platforms to evaluate) shown with a
 * section or step.
 *
 * @param columns column headings
 * @param rows rows, each with at most {@code columns.size()} cells
 */
public record DataTable(List<String> columns, List<List<String>> rows) {
  public DataTable {
    columns = List.copyOf(columns);
    rows = rows.stream().map(List::copyOf).toList();
  }
}
