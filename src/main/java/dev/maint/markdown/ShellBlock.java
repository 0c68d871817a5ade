package dev.maint.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands of a shell code block, read as an operator reads them: one command per line, a line
 * ending in {@code \} continued on the next (POSIX sh line continuation), {@code # comment} lines
 * saying what the commands under them do, a trailing {@code # comment} saying more about its line,
 * {@code ssh HOST} and {@code cd DIR} lines saying where the next commands run, and {@code # ─── Group ───}
 * lines naming a group (the quick reference).
 */
final class ShellBlock {
  /** Info strings of fenced blocks holding shell commands; an unlabelled block counts too. */
  static final Set<String> SHELL_LANGUAGES = Set.of("", "sh", "bash", "shell", "zsh", "console", "shell-session");

  private static final Pattern GROUP = Pattern.compile("#\\s*[─━═—–-]{2,}\\s*(.+?)\\s*[─━═—–-]{2,}\\s*");
  private static final Pattern SSH = Pattern.compile("ssh\\s+(?:-\\S+\\s+)*([\\w.@-]+)");
  private static final Pattern CD = Pattern.compile("cd\\s+(\\S+)");
  /** Words of a command that change things: the command then asks before it runs. */
  private static final Set<String> CHANGING = Set.of("update", "upgrade", "prune", "migrate", "rm", "push");

  /**
   * A command line.
   *
   * @param text the command, continuation lines joined
   * @param comment the {@code #} comment lines above it (since the previous comment), joined
   * @param trailing its trailing {@code # comment}
   * @param shared how many commands share {@code comment}
   * @param group the group heading it is under, or empty
   * @param host the {@code ssh} destination it runs on, or null
   * @param workdir the directory of a {@code cd} before it, or null
   * @param line 1-based line in the Markdown document
   */
  record Command(String text, String comment, String trailing, int shared, String group, String host, String workdir,
      int line) {}

  /**
   * A comment that says what to do but has no command under it.
   *
   * @param text the comment lines joined
   * @param line 1-based line in the Markdown document
   */
  record Orphan(String text, int line) {}

  final List<Command> commands = new ArrayList<>();
  final List<Orphan> orphans = new ArrayList<>();

  private ShellBlock() {}

  /**
   * Reads a code block.
   *
   * @param literal the block's text
   * @param firstLine 1-based Markdown line of the block's first line of code
   * @param prompts whether lines start with a {@code $ } prompt to drop (a {@code console} block)
   */
  static ShellBlock parse(String literal, int firstLine, boolean prompts) {
    ShellBlock block = new ShellBlock();
    List<String> lines = List.of(literal.split("\n", -1));
    String comment = "";
    int commentLine = 0;
    List<Integer> underComment = new ArrayList<>();
    List<Command> raw = new ArrayList<>();
    // The line of the comment each command is under (-1: none): commands under one comment share it.
    List<Integer> commentOf = new ArrayList<>();
    String group = "";
    String host = null;
    String workdir = null;
    for (int i = 0; i < lines.size(); i++) {
      int line = firstLine + i;
      String text = lines.get(i).strip();
      while (text.endsWith("\\") && i + 1 < lines.size()) {
        text = text.substring(0, text.length() - 1).strip() + " " + lines.get(++i).strip();
      }
      if (prompts && text.startsWith("$ ")) {
        text = text.substring(2).strip();
      }
      if (text.isEmpty()) {
        continue;
      }
      if (text.startsWith("#")) {
        Matcher g = GROUP.matcher(text);
        if (g.matches()) {
          block.closeComment(comment, commentLine, underComment);
          comment = "";
          underComment = new ArrayList<>();
          group = g.group(1);
          continue;
        }
        String c = text.replaceFirst("^#+\\s*", "");
        if (!underComment.isEmpty() || comment.isEmpty()) {
          block.closeComment(comment, commentLine, underComment);
          underComment = new ArrayList<>();
          comment = c;
          commentLine = line;
        } else {
          comment = comment + " " + c;
        }
        continue;
      }
      String[] split = splitTrailingComment(text);
      String command = split[0];
      Matcher ssh = SSH.matcher(command);
      Matcher cd = CD.matcher(command);
      if (ssh.matches()) {
        host = ssh.group(1);
        underComment.add(-1);
        continue;
      }
      if (cd.matches()) {
        workdir = cd.group(1);
        underComment.add(-1);
        continue;
      }
      underComment.add(raw.size());
      commentOf.add(comment.isEmpty() ? -1 : commentLine);
      raw.add(new Command(command, comment, split[1], 0, group, host, workdir, line));
    }
    block.closeComment(comment, commentLine, underComment);
    for (int i = 0; i < raw.size(); i++) {
      Command c = raw.get(i);
      int at = commentOf.get(i);
      int shared = at < 0 ? 0 : (int) commentOf.stream().filter(x -> x == at).count();
      block.commands.add(new Command(c.text(), c.comment(), c.trailing(), shared, c.group(), c.host(), c.workdir(),
          c.line()));
    }
    return block;
  }

  /** A comment with nothing under it is an orphan: an instruction without a command. */
  private void closeComment(String comment, int line, List<Integer> under) {
    if (!comment.isEmpty() && under.isEmpty()) {
      orphans.add(new Orphan(comment, line));
    }
  }

  /** {@code [command, trailing comment]}: a {@code #} after whitespace and outside quotes starts a comment. */
  static String[] splitTrailingComment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quote != 0) {
        if (ch == quote) {
          quote = 0;
        } else if (ch == '\\' && quote == '"') {
          i++;
        }
      } else if (ch == '\'' || ch == '"') {
        quote = ch;
      } else if (ch == '\\') {
        i++;
      } else if (ch == '#' && i > 0 && Character.isWhitespace(line.charAt(i - 1))) {
        return new String[] {line.substring(0, i).strip(), line.substring(i + 1).strip()};
      }
    }
    return new String[] {line.strip(), ""};
  }

  /**
   * Whether a command changes things, so that it asks first ({@code confirm: true}): one of its
   * words is update, upgrade, prune, migrate, rm or push, or it recreates containers.
   */
  static boolean changesThings(String command) {
    for (String word : command.split("[\\s;|&()]+")) {
      String w = word.toLowerCase(Locale.ROOT);
      if (CHANGING.contains(w) || w.startsWith("--force-recreate")) {
        return true;
      }
    }
    return false;
  }
}
