package dev.maint.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code maint --version}: the jar's Implementation-Version, or {@code dev} from a source build. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {"maint " + (v == null ? "dev" : v), "Java " + Runtime.version()};
  }
}
