package dev.maint.record;

import dev.maint.MaintException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.SystemReader;

/** Who runs the session: {@code --operator "Name <mail>"}, else git's {@code user.name}/{@code user.email}. */
public final class Operator {
  private static final Pattern NAME_MAIL = Pattern.compile("\\s*([^<>]*?)\\s*<([^<>]*)>\\s*");

  private Operator() {}

  /**
   * The operator's identity.
   *
   * @param given the {@code --operator} value, {@code Name <mail>}
   * @param repoDir where git configuration is looked up (repository, then global and system)
   * @throws MaintException (usage) when {@code given} is malformed or git knows no user
   */
  public static PersonIdent resolve(Optional<String> given, Path repoDir) {
    if (given.isPresent()) {
      problem(given.get()).ifPresent(p -> {
        throw MaintException.usage("--operator " + p);
      });
      Matcher m = NAME_MAIL.matcher(given.get());
      m.matches();
      return new PersonIdent(m.group(1), m.group(2));
    }
    Config config = gitConfig(repoDir);
    String name = config.getString("user", null, "name");
    String email = config.getString("user", null, "email");
    if (name == null || name.isBlank()) {
      throw MaintException.usage(
          "who is the operator? pass --operator \"Name <mail>\" or set git config user.name and user.email");
    }
    if (hasControl(name) || (email != null && hasControl(email))) {
      throw MaintException.usage("git config user.name or user.email holds control characters; pass --operator");
    }
    return new PersonIdent(name, email == null ? "" : email);
  }

  /**
   * What is wrong with an operator given as text ({@code --operator}, {@code MAINT_OPERATOR}, a
   * configuration file's {@code operator:}), to follow the name of where it was given.
   *
   * @return e.g. {@code must look like "Name <mail>" on one line, got 'Ada'}, control characters
   *     shown as {@code ?}; empty when {@code value} is a name, a mail in angle brackets, on one line
   */
  public static Optional<String> problem(String value) {
    Matcher m = NAME_MAIL.matcher(value);
    if (m.matches() && !m.group(1).isEmpty() && !hasControl(value)) {
      return Optional.empty();
    }
    return Optional.of("must look like \"Name <mail>\" on one line, got '" + value.replaceAll("\\p{Cntrl}", "?") + "'");
  }

  /** Control characters would split commit trailers and log rows, or reach terminals as escapes. */
  private static boolean hasControl(String s) {
    return s.chars().anyMatch(Character::isISOControl);
  }

  /** {@code Name <mail>} as it appears in logs and trailers. */
  public static String format(PersonIdent ident) {
    return ident.getName() + " <" + ident.getEmailAddress() + ">";
  }

  private static Config gitConfig(Path dir) {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(dir.toAbsolutePath().toFile());
    if (builder.getGitDir() != null) {
      try (Repository repo = builder.build()) {
        return repo.getConfig();
      } catch (IOException e) {
        // Fall back to the user's global configuration below.
      }
    }
    try {
      return SystemReader.getInstance().getUserConfig();
    } catch (IOException | ConfigInvalidException e) {
      return new Config();
    }
  }
}
