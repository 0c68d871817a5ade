package dev.maint.markdown;

/**
 * Something of the Markdown document {@link MarkdownImporter} could not place in the runbook
 * exactly: it is kept as text (a section's description, a step's details, or a comment at the top
 * of the runbook) and reported.
 *
 * @param line 1-based line of the Markdown document it starts on
 * @param message what was not placed and where it went, one line
 */
public record ImportWarning(int line, String message) {}
