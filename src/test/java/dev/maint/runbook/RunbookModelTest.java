package dev.maint.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded runbook's model made by the build ({@link RunbookModel}) gives exactly the runbook
 * that parsing the shipped YAML gives, is used only for exactly those bytes, and gives way to the
 * YAML when stale.
 */
class RunbookModelTest {
  @TempDir Path tmp;

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = RunbookModelTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name + " on the class path (made by the build's process-classes phase)").isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void theBuildsModelOfTheShippedRunbookEqualsParsingItsYaml() throws IOException {
    byte[] yaml = resource(RunbookLoader.DEFAULT_RESOURCE);
    Runbook parsed = RunbookLoader.parse(RunbookLoader.EMBEDDED_NAME, yaml);

    Runbook fromModel = RunbookModel.read(resource(RunbookModel.RESOURCE), yaml, RunbookLoader.EMBEDDED_NAME)
        .orElseThrow(() -> new AssertionError("the model was not made from the shipped YAML"));

    assertThat(fromModel).isEqualTo(parsed);
    assertThat(fromModel.sha256()).isEqualTo(dev.maint.text.Sha256.hex(yaml));
    assertThat(RunbookLoader.loadDefault()).isEqualTo(parsed);
  }

  @Test
  void everyTestRunbookComesBackFromItsModelUnchanged() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of("src/test/resources/runbooks"))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).extracting(p -> p.getFileName().toString()).contains("every-field.yaml");
    for (Path file : files) {
      byte[] yaml = Files.readAllBytes(file);
      Runbook parsed = RunbookLoader.parse(file.toString(), yaml);

      Runbook back = RunbookModel.read(RunbookModel.write(parsed, yaml), yaml, file.toString()).orElseThrow();

      assertThat(back).as(file.toString()).isEqualTo(parsed);
      assertThat(unseenByEquals(back)).as(file.toString()).isEqualTo(unseenByEquals(parsed));
    }
  }

  /**
   * What equals does not compare: the order of the variables and of each step's headers, JSON
   * expectations and captures (Map equality ignores it), and whether a step's condition is {@link
   * When#ALWAYS} itself (reports tell a step without {@code when:} by identity).
   */
  private static List<List<String>> unseenByEquals(Runbook r) {
    List<List<String>> orders = new java.util.ArrayList<>();
    orders.add(List.copyOf(r.variables().keySet()));
    Stream.concat(r.cadences().stream().flatMap(c -> c.steps().stream().map(Cadence.PlacedStep::step)),
            Stream.concat(r.emergencies().stream().flatMap(e -> e.steps().stream()),
                r.rollbacks().stream().flatMap(b -> b.steps().stream())))
        .forEach(step -> {
          orders.add(List.of(step.id(), String.valueOf(step.when() == When.ALWAYS)));
          if (step.action() instanceof Action.Http h) {
            orders.add(List.copyOf(h.headers().keySet()));
            orders.add(List.copyOf(h.json().keySet()));
          } else if (step.action() instanceof Action.Run run) {
            orders.add(List.copyOf(run.json().keySet()));
            orders.add(List.copyOf(run.capture().keySet()));
          }
        });
    return orders;
  }

  @Test
  void aModelIsRefusedForAnyOtherYaml() throws IOException {
    byte[] yaml = resource(RunbookLoader.DEFAULT_RESOURCE);
    byte[] model = resource(RunbookModel.RESOURCE);
    byte[] changed = yaml.clone();
    changed[changed.length - 2] ^= 1;

    assertThat(RunbookModel.read(model, changed, "x.yaml")).isEmpty();
    assertThat(RunbookModel.read(model, java.util.Arrays.copyOf(yaml, yaml.length - 1), "x.yaml")).isEmpty();
    assertThat(RunbookModel.read(java.util.Arrays.copyOf(model, model.length / 2), yaml, "x.yaml")).isEmpty();
  }

  @Test
  void aFileWithTheShippedBytesIsNamedAsTheFile() throws IOException {
    byte[] yaml = resource(RunbookLoader.DEFAULT_RESOURCE);
    Path copy = Files.write(tmp.resolve("mine.yaml"), yaml);

    Runbook loaded = RunbookLoader.load(copy, "mine.yaml");

    assertThat(loaded).isEqualTo(RunbookLoader.parse("mine.yaml", yaml));
    assertThat(loaded.source()).isEqualTo("mine.yaml");
    assertThat(loaded.cadences().get(0).steps().get(0).step().position().file()).isEqualTo("mine.yaml");
  }

  @Test
  void aChangedCopyOfTheShippedRunbookIsStillCheckedWhereItIsWrong() throws IOException {
    String yaml = new String(resource(RunbookLoader.DEFAULT_RESOURCE), java.nio.charset.StandardCharsets.UTF_8);
    Path copy = Files.writeString(tmp.resolve("mine.yaml"), yaml.replaceFirst("\ncadences:", "\ncadences: 7\nx:"));

    assertThatThrownBy(() -> RunbookLoader.load(copy, "mine.yaml"))
        .isInstanceOf(RunbookException.class)
        .hasMessageMatching("mine\\.yaml:\\d+:\\d+: .*");
  }
}
