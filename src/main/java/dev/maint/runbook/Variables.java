package dev.maint.runbook;

import dev.maint.MaintException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Variable values for one session: {@code --set} overrides first, then the selected
 * environment's value, then the default. {@code ${env:NAME}} reads the process environment.
 * Collects every secret value it hands out so writers can mask it.
 */
public final class Variables {
  private final Runbook runbook;
  private final String environment;
  private final Map<String, String> overrides;
  private final Map<String, String> processEnv;
  private final Set<String> secrets = Collections.synchronizedSet(new LinkedHashSet<>());

  /**
   * @param environment the selected environment (validated here)
   * @param overrides values from {@code --set name=value}
   * @param processEnv the process environment
   * @throws MaintException (usage, exit 2) for an unknown environment or an undeclared override
   */
  public Variables(
      Runbook runbook, String environment, Map<String, String> overrides, Map<String, String> processEnv) {
    this(runbook, environment, overrides, processEnv, Set.of());
  }

  /**
   * As {@link #Variables(Runbook, String, Map, Map)}, with overrides that are secrets whatever the
   * runbook says (values read by {@code --set-file}).
   *
   * @param secretOverrides names of {@code overrides} whose values are masked
   */
  public Variables(Runbook runbook, String environment, Map<String, String> overrides,
      Map<String, String> processEnv, Set<String> secretOverrides) {
    runbook.checkEnvironment(environment);
    for (String name : overrides.keySet()) {
      if (!runbook.variables().containsKey(name)) {
        throw MaintException.usage(
            "--set " + name + ": the runbook declares no variable '" + name + "'");
      }
      try {
        Templates.references(overrides.get(name));
      } catch (IllegalArgumentException e) {
        throw MaintException.usage("--set " + name + ": " + e.getMessage() + " (write $${ for a literal ${)");
      }
    }
    this.runbook = runbook;
    this.environment = environment;
    this.overrides = new LinkedHashMap<>(overrides);
    this.processEnv = Map.copyOf(processEnv);
    // Secrets are known up front so that masking works before the first step reads them: every
    // value the runbook (or a --set value) reads from the environment, and every secret variable.
    secretOverrides.stream().filter(overrides::containsKey).forEach(n -> value(n).ifPresent(this::addSecret));
    environmentNames().stream().map(processEnv::get).filter(java.util.Objects::nonNull).forEach(this::addSecret);
    for (Variable v : runbook.variables().values()) {
      if (v.secret()) {
        try {
          value(v.name()).ifPresent(this::addSecret);
        } catch (UnresolvedException unsetUntilUsed) {
          // An unset ${env:...} is reported by the step that uses it, not up front.
        }
      }
    }
  }

  /** The environment variables the runbook and the {@code --set} values read. */
  private Set<String> environmentNames() {
    Set<String> names = new LinkedHashSet<>(runbook.environmentReferences());
    overrides.values().forEach(v -> Templates.references(v).stream().filter(Templates.Reference::env)
        .forEach(r -> names.add(r.name())));
    return names;
  }

  /** The runbook the variables are declared in. */
  public Runbook runbook() {
    return runbook;
  }

  /** The selected environment. */
  public String environment() {
    return environment;
  }

  /** The value of a declared variable, if it has one in this environment. */
  public Optional<String> value(String name) {
    Variable v = runbook.variables().get(name);
    if (v == null) {
      return Optional.empty();
    }
    String raw = overrides.get(name);
    if (raw == null) {
      raw = v.environments().get(environment);
    }
    if (raw == null) {
      raw = v.defaultValue().orElse(null);
    }
    if (raw == null) {
      return Optional.empty();
    }
    // Overrides from the command line may themselves hold ${env:...}.
    return Optional.of(Templates.expand(raw, r -> r.env() ? envValue(r.name()) : "${" + r.name() + "}"));
  }

  private String envValue(String name) {
    String v = processEnv.get(name);
    if (v == null) {
      throw new UnresolvedException("environment variable " + name + " is not set");
    }
    addSecret(v);
    return v;
  }

  /** Output is masked line by line, so each long enough line of a multi-line secret counts too. */
  private void addSecret(String v) {
    if (!v.isEmpty()) {
      secrets.add(v);
      if (v.contains("\n")) {
        v.lines().map(String::strip).filter(l -> l.length() >= MIN_SECRET_LINE).forEach(secrets::add);
      }
    }
  }

  /** Shorter lines of a multi-line secret (PEM armour, blank lines) would mask ordinary text. */
  private static final int MIN_SECRET_LINE = 6;

  /**
   * Expands a template.
   *
   * @throws UnresolvedException when a variable has no value here or an environment variable is
   *     not set; the message tells the user how to give one
   */
  public String resolve(String template) {
    return Templates.expand(template, this::resolve);
  }

  /**
   * The value of one reference.
   *
   * @throws UnresolvedException as {@link #resolve(String)}
   */
  public String resolve(Templates.Reference r) {
    if (r.env()) {
      return envValue(r.name());
    }
    Optional<String> v;
    try {
      v = value(r.name());
    } catch (UnresolvedException unsetEnvironment) {
      // A credential read from the environment: name the runbook variable that needed it too.
      throw new UnresolvedException("variable '" + r.name() + "': " + unsetEnvironment.getMessage());
    }
    if (v.isEmpty()) {
      throw new UnresolvedException(
          "variable '" + r.name() + "' has no value for environment '" + environment
              + "': pass --set " + r.name() + "=VALUE");
    }
    if (runbook.variables().get(r.name()).secret()) {
      addSecret(v.get());
    }
    return v.get();
  }

  /**
   * A template as shown to a person (a step's title and details): each reference with a value is
   * filled in, except that secret variables and {@code ${env:NAME}} show as {@code ***}; a
   * reference without a value stays as written. Values read from the environment on the way are
   * added to {@link #secrets()}, so a redactor masks them where another variable holds them.
   */
  public String display(String template) {
    return Templates.expand(template, r -> {
      String written = "${" + (r.env() ? Templates.ENV_PREFIX : "") + r.name() + "}";
      if (r.env()) {
        return processEnv.containsKey(r.name()) ? SHOWN_SECRET : written;
      }
      if (runbook.variables().containsKey(r.name()) && runbook.variables().get(r.name()).secret()) {
        return SHOWN_SECRET;
      }
      try {
        return resolve(written);
      } catch (UnresolvedException e) {
        return written;
      }
    });
  }

  /** What {@link #display} shows for a secret: the redactor's mask. */
  private static final String SHOWN_SECRET = "***";

  /** Secret values handed out so far (and all declared secrets), for masking; a snapshot. */
  public Set<String> secrets() {
    synchronized (secrets) {
      return Set.copyOf(secrets);
    }
  }

  /**
   * A secret known before the walk starts, named without its value.
   *
   * @param name the variable's name, or the environment variable's for {@code ${env:NAME}}
   * @param fromEnvironment whether {@code name} is an environment variable
   * @param length the value's length, in characters (UTF-16 units)
   */
  public record NamedSecret(String name, boolean fromEnvironment, int length) {}

  /**
   * The secrets known up front (secret variables, then the environment variables the runbook
   * reads) whose value is shorter than {@code length} characters; a value held by both a
   * variable and an environment variable is named once, by the variable.
   */
  public List<NamedSecret> secretsShorterThan(int length) {
    Map<String, NamedSecret> byValue = new LinkedHashMap<>();
    for (Variable v : runbook.variables().values()) {
      if (v.secret()) {
        try {
          value(v.name()).filter(s -> !s.isEmpty() && s.length() < length)
              .ifPresent(s -> byValue.putIfAbsent(s, new NamedSecret(v.name(), false, s.length())));
        } catch (UnresolvedException unset) {
          // No value, nothing to mask yet.
        }
      }
    }
    for (String name : environmentNames()) {
      String s = processEnv.get(name);
      if (s != null && !s.isEmpty() && s.length() < length) {
        byValue.putIfAbsent(s, new NamedSecret(name, true, s.length()));
      }
    }
    return List.copyOf(byValue.values());
  }

  /** A template that cannot be expanded; the step using it is an {@code error}. */
  public static final class UnresolvedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnresolvedException(String message) {
      super(message);
    }
  }
}
