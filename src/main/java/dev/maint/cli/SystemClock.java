package dev.maint.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The system clock in the default time zone, as {@link Clock#systemDefaultZone()}, except that the
 * zone is looked up only when asked for: looking it up reads the JDK's time-zone database, which a
 * command that never asks (such as {@code maint --help}) need not pay for at start-up.
 */
final class SystemClock extends Clock {
  private volatile ZoneId zone;

  @Override
  public ZoneId getZone() {
    ZoneId z = zone;
    if (z == null) {
      z = ZoneId.systemDefault();
      zone = z;
    }
    return z;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.system(zone);
  }

  @Override
  public long millis() {
    return System.currentTimeMillis();
  }

  @Override
  public Instant instant() {
    return Instant.now();
  }

  @Override
  public String toString() {
    return "SystemClock[" + getZone() + "]";
  }
}
