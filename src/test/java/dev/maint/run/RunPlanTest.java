package dev.maint.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.maint.MaintException;
import dev.maint.exec.StepSelection;
import dev.maint.probe.ProbeContext;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.RunbookLoader;
import dev.maint.runbook.Variables;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A walk's options resolved into its plan, without picocli (the test runbook walk.yaml). */
class RunPlanTest {
  @TempDir Path tmp;
  private Runbook runbook;
  private Walks walks;

  @BeforeEach
  void load() throws IOException {
    walks = new Walks(tmp);
    runbook = RunbookLoader.load(walks.runbook());
  }

  private RunPlan plan(RunPlan.Mode mode, RunRequest request, Map<String, String> values, Set<String> fromFiles) {
    Map<String, String> all = new LinkedHashMap<>(values);
    Variables variables = new Variables(runbook, "staging", all, Map.of("WALK_TOKEN", Walks.SECRET), fromFiles);
    return RunPlan.builder(Procedure.cadence("monthly"), runbook, StepSelection.ALL).request(request).mode(mode)
        .variables(variables, new ProbeContext(Walks.NOV_29, Map.of(), Optional.of(walks.app()), Map.of()))
        .values(all, fromFiles.stream().collect(java.util.stream.Collectors.toMap(n -> n, n -> "/run/secrets/" + n)))
        .configSet(Map.of("greeting", "from the project file"), Map.of())
        .operator(new PersonIdent("Ada Operator", "ada@example.test"))
        .repository(tmp.resolve("ops"), tmp.resolve("ops/.git")).stateDir(tmp.resolve("state"))
        .output(new dev.maint.report.Reports(List.of(), Optional.empty()), tmp.resolve("logs"), "")
        .build();
  }

  @Test
  void aSecretGivenWithSetIsKeptByNameOnlyAndMaskedInTheOverrides() {
    RunRequest request = RunRequest.builder().set(Map.of("token", "another-" + Walks.SECRET))
        .resolve(List.of("example.test:443:127.0.0.1")).build();

    RunPlan plan = plan(RunPlan.Mode.UNATTENDED, request,
        Map.of("greeting", "hi " + Walks.SECRET, "token", "another-" + Walks.SECRET), Set.of());

    assertThat(plan.start().set()).containsExactly(Map.entry("greeting", "from the project file"));
    assertThat(plan.start().secretSet()).containsExactly("token");
    assertThat(plan.touches().overrides().set()).containsEntry("token", "***").containsEntry("greeting", "hi ***");
    assertThat(plan.touches().overrides().resolve()).containsExactly("example.test:443:127.0.0.1");
    assertThat(plan.resumeCommand("3f9c2a1b")).endsWith(" --session 3f9c2a1b --set token=...");
  }

  @Test
  void theSettingsDigestCountsASecretsNameButNotItsValue() {
    RunRequest none = RunRequest.builder().build();

    String one = plan(RunPlan.Mode.UNATTENDED, none, Map.of("token", "rotated-1"), Set.of()).settings();
    String other = plan(RunPlan.Mode.UNATTENDED, none, Map.of("token", "rotated-2"), Set.of()).settings();
    String plain = plan(RunPlan.Mode.UNATTENDED, none, Map.of("greeting", "a"), Set.of()).settings();
    String fromFile = plan(RunPlan.Mode.UNATTENDED, none, Map.of("greeting", "b"), Set.of("greeting")).settings();

    assertThat(one).isEqualTo(other).isNotEqualTo(plain);
    assertThat(fromFile).isNotEqualTo(plan(RunPlan.Mode.UNATTENDED, none, Map.of("greeting", "a"), Set.of()).settings())
        .isEqualTo(plan(RunPlan.Mode.UNATTENDED, none, Map.of("greeting", "c"), Set.of("greeting")).settings());
  }

  @Test
  void theModeIsDecidedOnceAndADryRunCommitsNothing() {
    assertThat(RunPlan.Mode.of(true, false)).isEqualTo(RunPlan.Mode.DRY_RUN);
    assertThat(RunPlan.Mode.of(false, true)).isEqualTo(RunPlan.Mode.UNATTENDED);
    assertThat(RunPlan.Mode.of(false, false)).isEqualTo(RunPlan.Mode.INTERACTIVE);

    RunPlan dry = plan(RunPlan.Mode.DRY_RUN, RunRequest.builder().build(), Map.of(), Set.of());
    RunPlan unattended = plan(RunPlan.Mode.UNATTENDED, RunRequest.builder().build(), Map.of(), Set.of());

    assertThat(dry.where().commit()).isFalse();
    assertThat(dry.options().walker().dryRun()).isTrue();
    assertThat(unattended.where().commit()).isTrue();
    assertThat(unattended.options().walker().dryRun()).isFalse();
  }

  @Test
  void aSelectionOfNoStepIsRefusedBeforeAnythingElse() {
    assertThatThrownBy(() -> RunPlan.builder(Procedure.cadence("monthly"), runbook,
        new StepSelection(List.of("1"), List.of("1"), Optional.empty()))).isInstanceOf(MaintException.class)
        .hasMessage("no step of monthly is selected: check --only, --skip and --start-at");
  }

  @Test
  void whatTheRunTouchesComesFromTheRequest() {
    Path ca = tmp.resolve("ca.pem");
    RunRequest request = RunRequest.builder().runbook(Optional.of(walks.runbook()))
        .environment(Optional.of("staging"), Optional.of("--env")).caFile(Optional.of(ca)).full(true)
        .workdir(Optional.of(walks.app())).build();

    RunPlan plan = plan(RunPlan.Mode.UNATTENDED, request, Map.of(), Set.of());

    assertThat(plan.touches().runbookFile()).contains(walks.runbook());
    assertThat(plan.touches().environmentChosen()).contains("--env");
    assertThat(plan.touches().caFile()).contains(ca);
    assertThat(plan.start().full()).isTrue();
    assertThat(plan.start().workdir()).isEqualTo(walks.app().toString());
    assertThat(plan.start().caFile()).isEqualTo(ca.toString());
    assertThat(plan.start().repoKey()).isEqualTo(tmp.resolve("ops/.git").toString());
  }
}
