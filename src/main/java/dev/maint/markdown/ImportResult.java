package dev.maint.markdown;

import java.util.List;

/**
 * The runbook {@link MarkdownImporter} made of a Markdown document.
 *
 * @param yaml the runbook as YAML (the format of {@code docs/runbook-format.md}), ready to write
 * @param warnings what could not be placed exactly, in document order
 * @param cadences how many cadences it has
 * @param steps how many steps its cadences have, nested sections included
 */
public record ImportResult(String yaml, List<ImportWarning> warnings, int cadences, int steps) {
  public ImportResult {
    warnings = List.copyOf(warnings);
  }
}
