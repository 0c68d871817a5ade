package dev.maint;

import dev.maint.cli.Cli;

/** The {@code maint} executable. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(Cli.run(Cli.systemContext(), args));
  }
}
