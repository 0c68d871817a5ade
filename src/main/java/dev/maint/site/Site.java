package dev.maint.site;

import dev.maint.MaintException;
import dev.maint.io.AtomicFile;
import dev.maint.record.RecordReader;
import dev.maint.report.RecordReport;
import dev.maint.report.ReportFormat;
import dev.maint.report.Reports;
import dev.maint.runbook.Runbook;
import dev.maint.schedule.Schedule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code maint site}: a static HTML site made from the runs recorded on the maintenance branches
 * (local and remote-tracking, as {@code maint log} reads them). It has {@code index.html} (this
 * year's view), {@code year-YYYY.html} for every year with a run, {@code open-items.html}, and
 * for each run {@code runs/SESSION.html} and its Markdown summary {@code runs/SESSION.md}. Files
 * are replaced one by one, atomically; files of runs no longer recorded are left as they are.
 */
public final class Site {
  /**
   * What was written.
   *
   * @param dir the site's folder
   * @param files the files written, relative to {@code dir}, in writing order
   * @param runs how many runs the site shows
   */
  public record Written(Path dir, List<String> files, int runs) {
    public Written {
      files = List.copyOf(files);
    }
  }

  private Site() {}

  /**
   * Renders the site into {@code out}.
   *
   * @param reader reads the record of {@code runbook}'s branches
   * @param today the day the site is made, in the runbook's time zone: later windows are not due yet
   * @param generator {@code maint VERSION}, shown in each page's footer
   * @throws dev.maint.record.RecordException when git cannot be read (not a repository)
   * @throws MaintException (usage) when a file cannot be written
   */
  public static Written render(Runbook runbook, RecordReader reader, LocalDate today, Path out, String generator) {
    List<RecordReader.Found> runs = reader.list();
    Map<String, String> commits = reader.commits(runs);
    TreeSet<Integer> years = new TreeSet<>();
    years.add(today.getYear());
    runs.forEach(f -> years.add(f.record().startedAt().atZone(runbook.timezone()).getYear()));
    SitePages pages = new SitePages(runbook, today, List.copyOf(years), commits, generator);
    Schedule schedule = Schedule.of(runbook);
    List<String> files = new ArrayList<>();
    for (int year : years) {
      List<RecordReader.Found> ofYear = runs.stream()
          .filter(f -> f.record().startedAt().atZone(runbook.timezone()).getYear() == year).toList();
      String html = pages.year(year, YearGrid.of(schedule, year, runs, today, runbook.timezone()), ofYear);
      write(out, SitePages.yearFile(year), html, files);
      if (year == today.getYear()) {
        write(out, "index.html", html, files);
      }
    }
    write(out, "open-items.html", pages.openItems(runs), files);
    for (RecordReader.Found f : runs) {
      write(out, SitePages.runFile(f.record()), pages.run(f), files);
      write(out, SitePages.markdownFile(f.record()),
          Reports.text(ReportFormat.MARKDOWN, RecordReport.of(runbook, f.record())), files);
    }
    return new Written(out, files, runs.size());
  }

  private static void write(Path dir, String file, String text, List<String> written) {
    Path target = dir.resolve(file);
    try {
      AtomicFile.write(target, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw MaintException.usage("cannot write " + target + ": " + e.getMessage());
    }
    written.add(file);
  }
}
