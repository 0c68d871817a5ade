package dev.maint.runbook;

import java.util.Map;
import java.util.Optional;

/**
 * A runbook variable, referenced as {@code ${name}}.
 *
 * @param name the name
 * @param defaultValue the value when no environment-specific one applies (a template)
 * @param environments values per environment name (templates)
 * @param secret whether the value is hidden as {@code ***} wherever {@code maint} writes
 * @param description what it is for
 */
public record Variable(
    String name,
    Optional<String> defaultValue,
    Map<String, String> environments,
    boolean secret,
    String description) {
  public Variable {
    environments = Map.copyOf(environments);
  }
}
