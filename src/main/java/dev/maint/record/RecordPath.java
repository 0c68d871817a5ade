package dev.maint.record;

import java.time.LocalDate;

/**
 * Fills a record path pattern ({@code log.records} in the runbook, e.g. {@code
 * maintenance/records/{date}-{cadence}-{session}.json}): {@code {date}} is the session's start date
 * as {@code yyyy-MM-dd}, {@code {cadence}} and {@code {session}} the ids, and the branch tokens of
 * {@link BranchName} work too.
 */
public final class RecordPath {
  private RecordPath() {}

  /**
   * The record's path inside the repository.
   *
   * @param pattern a pattern the runbook loader accepted
   * @param date the session's start date in the runbook's time zone
   */
  public static String of(String pattern, LocalDate date, String cadence, String session) {
    return BranchName.of(
        pattern.replace("{date}", date.toString()).replace("{cadence}", cadence).replace("{session}", session),
        date);
  }

  /**
   * The folder every path of the pattern lies in: the part before the first token, up to its last
   * {@code /} (e.g. {@code maintenance/records/}); empty when the pattern starts with a token.
   */
  public static String directory(String pattern) {
    int token = pattern.indexOf('{');
    String fixed = token < 0 ? pattern : pattern.substring(0, token);
    return fixed.substring(0, fixed.lastIndexOf('/') + 1);
  }

  /** The last part of a path: its file name. */
  public static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
