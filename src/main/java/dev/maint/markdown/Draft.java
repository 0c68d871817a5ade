package dev.maint.markdown;

import java.util.ArrayList;
import java.util.List;

/** The runbook being imported, as mutable drafts: filled in document order, then given ids and written. */
final class Draft {
  private Draft() {}

  /** A table: column headings and rows of cells. */
  record Table(List<String> columns, List<List<String>> rows, int line) {}

  /** A step in the making. Kind is manual unless one of command, url, host (tls) or path (cert) is set. */
  static final class Step {
    String marker;
    String id;
    /** What the id is made of when not of the title (a slug already). */
    String slugSource;
    String title;
    String details = "";
    /** The {@code #} comment above a code-block command: what it is for. */
    String comment = "";
    String kind = "manual";
    /** run: the command; tls: empty. */
    String command;
    String url;
    String tlsHost;
    String tlsPort;
    String tlsName;
    String certPath;
    String workdir;
    String sshHost;
    List<Integer> expectExit;
    Long timeout;
    Integer warnDays;
    Integer failDays;
    boolean confirm;
    /** Code spans of a checklist item's text, to find the code-block command it names. */
    List<String> codeSpans = List.of();
    /** Whether the step is a checklist item (not a command of a code block). */
    boolean item;
    int line;

    Step(String title, int line) {
      this.title = title;
      this.line = line;
    }

    /** Whether the step already does something (a command or a probe). */
    boolean automatedOrMerged() {
      return !kind.equals("manual");
    }

    boolean probe() {
      return kind.equals("http") || kind.equals("tls") || kind.equals("cert");
    }

    /** Takes over what {@code command} does: this checklist item is carried out by that command. */
    void takeActionOf(Step command) {
      kind = command.kind;
      this.command = command.command;
      url = command.url;
      tlsHost = command.tlsHost;
      tlsPort = command.tlsPort;
      tlsName = command.tlsName;
      certPath = command.certPath;
      workdir = command.workdir;
      sshHost = command.sshHost;
      expectExit = command.expectExit;
      timeout = command.timeout;
      confirm = command.confirm;
      details = join(details, join(command.comment, command.details));
      if (marker == null) {
        marker = command.marker;
      }
    }
  }

  /** A section: a heading inside a cadence. */
  static final class Section {
    String marker;
    String id;
    String number;
    String title;
    String description = "";
    Table data;
    final List<Step> steps = new ArrayList<>();
    final List<Section> sections = new ArrayList<>();
    int line;
  }

  /** A cadence: a heading holding sections. */
  static final class Cadence {
    String marker;
    String id;
    String title;
    String frequency = "";
    String focus = "";
    String duration = "";
    String when = "";
    String prep = "";
    final List<Section> sections = new ArrayList<>();
    int line;
  }

  /** An emergency (a row of the trigger table) or a rollback (a heading), with steps to walk. */
  static final class Procedure {
    String marker;
    String id;
    String title;
    String description = "";
    String trigger;
    String response;
    String sla;
    final List<Step> steps = new ArrayList<>();
    int line;
  }

  /** A quick-reference command. */
  static final class Quick {
    String name;
    String group = "";
    String command;
    String description = "";
    boolean confirm;
  }

  /** A declared variable. */
  record Variable(String name, String defaultValue, String description) {}

  static String join(String a, String b) {
    if (a == null || a.isBlank()) {
      return b == null ? "" : b;
    }
    if (b == null || b.isBlank()) {
      return a;
    }
    return a + "\n" + b;
  }
}
