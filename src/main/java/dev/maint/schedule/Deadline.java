package dev.maint.schedule;

import dev.maint.runbook.Reference;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deadline of an emergency response: its start plus the emergency's SLA. An SLA is a duration
 * ({@code 30m}, {@code 24h}, {@code 2d}), {@code immediate} (the deadline is the start itself), or
 * {@code provider} (the provider's timeline: the date has to be given).
 *
 * @param trigger the emergency's id, e.g. {@code critical-cve}
 * @param description what happened, e.g. {@code Critical CVE in direct dependency}
 * @param sla the SLA as the runbook writes it
 * @param at when the response is due
 */
public record Deadline(String trigger, String description, String sla, Instant at) {
  /** The SLA of an emergency whose deadline the provider sets. */
  public static final String PROVIDER = "provider";

  private static final Pattern DURATION = Pattern.compile("(\\d+)([mhd])");

  public Deadline {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(sla, "sla");
    Objects.requireNonNull(at, "at");
  }

  /** Whether the emergency's deadline has to be given because the provider sets it. */
  public static boolean givenByProvider(Reference.Emergency emergency) {
    return emergency.sla().equals(PROVIDER);
  }

  /**
   * The deadline of a response that started at {@code start}.
   *
   * @param given the provider's deadline; needed for, and only used for, {@code sla: provider}
   * @throws IllegalArgumentException when a provider deadline is missing or the SLA is malformed
   */
  public static Deadline of(Reference.Emergency emergency, Instant start, Optional<Instant> given) {
    String sla = emergency.sla();
    Instant at;
    if (sla.equals(PROVIDER)) {
      at = given.orElseThrow(() -> new IllegalArgumentException(emergency.id() + ": the provider's deadline is needed"));
    } else if (sla.equals("immediate")) {
      at = start;
    } else {
      Matcher m = DURATION.matcher(sla);
      if (!m.matches()) {
        throw new IllegalArgumentException("invalid sla '" + sla + "'");
      }
      long n = Long.parseLong(m.group(1));
      at = start.plus(switch (m.group(2)) {
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
    }
    return new Deadline(emergency.id(), emergency.trigger(), sla, at);
  }

  /**
   * Where the deadline stands at {@code now}, as shown under each step: {@code deadline in 23 h 12
   * min (Mon 2026-11-30 10:00 CET)} or {@code deadline passed 2 h ago (...)}.
   */
  public String status(Instant now, ZoneId zone) {
    String when = " (" + Windows.LOCAL.format(at.atZone(zone)) + ")";
    return now.isAfter(at)
        ? "deadline passed " + human(Duration.between(at, now)) + " ago" + when
        : "deadline in " + human(Duration.between(now, at)) + when;
  }

  /**
   * Whether a response carried out to its end at {@code end} met the deadline; an {@code
   * immediate} response meets it by having been started at once, which its deadline records.
   */
  public boolean met(Instant end) {
    return sla.equals("immediate") || !end.isAfter(at);
  }

  /**
   * The log note of a response: {@code emergency critical-cve (SLA 24h): deadline Mon 2026-11-30
   * 10:00 CET met}, {@code ... missed by 2 h 5 min}, or {@code ... not met: the run ended before its
   * last step}.
   *
   * @param end when the run ended
   * @param completed whether every step was walked and carried out (none failed, skipped or left
   *     to a person)
   */
  public String note(Instant end, boolean completed, ZoneId zone) {
    String head = "emergency " + trigger + " (SLA " + sla + "): deadline " + Windows.LOCAL.format(at.atZone(zone));
    if (!completed) {
      return end.isAfter(at)
          ? head + " not met: the response was not carried out to its end"
          : head + " still open (" + human(Duration.between(end, at)) + " left): the response is not yet carried out";
    }
    if (sla.equals("immediate")) {
      // The deadline is the start itself: what counts is that the response was carried out.
      return head + " met: response started at once and carried out";
    }
    return met(end) ? head + " met" : head + " missed by " + human(Duration.between(at, end));
  }

  /**
   * A duration in hours and minutes: {@code 23 h 12 min}, {@code 24 h}, {@code 5 min}, {@code less
   * than a minute}; from two days on in days and hours, as minutes no longer matter and thousands of
   * hours are hard to read: {@code 16 days 8 h}, {@code 2 days}.
   */
  static String human(Duration d) {
    if (d.toHours() >= 48) {
      long hours = d.toHoursPart();
      return d.toDays() + " days" + (hours == 0 ? "" : " " + hours + " h");
    }
    long hours = d.toHours();
    long minutes = d.toMinutesPart();
    if (hours == 0) {
      return minutes == 0 ? "less than a minute" : minutes + " min";
    }
    return hours + " h" + (minutes == 0 ? "" : " " + minutes + " min");
  }
}
