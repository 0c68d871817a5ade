package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.record.RecordReader;
import dev.maint.runbook.Runbook;
import dev.maint.site.Site;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code maint site [--out DIR]}: renders the static HTML site of the maintenance history (see
 * {@link Site}) from the records on the maintenance branches.
 */
@Command(name = "site", mixinStandardHelpOptions = true,
    description = {
      "Render a static HTML site of the maintenance history from the record on the maintenance branches.",
      "",
      "The site (docs/site.md) has a year view with one cell per cadence per week (weekly cadences) or per"
          + " month, a page for every run with its Markdown summary beside it, and the open items. It needs no"
          + " server and no network: open DIR/index.html, or publish DIR (GitHub Pages)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "2:not a git repository, a file cannot be written, or a usage or runbook error"})
public final class SiteCommand implements Callable<Integer> {
  @Option(names = "--out", paramLabel = "DIR", defaultValue = "site",
      description = "Folder to write the site into, created when missing (default: site).")
  Path out;

  @Option(names = "--repo", paramLabel = "DIR", description = "Git repository holding the records, or a folder inside it (default: the current directory's).")
  Path repo;

  @Mixin DateOptions dateOptions;
  @Mixin RunbookOptions runbookOptions;

  private final CliContext context;

  SiteCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Runbook runbook = runbookOptions.load(context);
    Path dir = RepoOption.resolve(context, repo);
    Path target = context.cwd().resolve(out).normalize();
    Site.Written written = Site.render(runbook, RecordReader.forRunbook(dir, runbook),
        dateOptions.date(context, runbook), target, new VersionProvider().getVersion()[0]);
    context.out().println("Site written to " + written.dir() + ": " + written.runs()
        + (written.runs() == 1 ? " run, " : " runs, ") + written.files().size() + " files; open "
        + written.dir().resolve("index.html"));
    context.out().flush();
    return ExitCode.OK;
  }
}
