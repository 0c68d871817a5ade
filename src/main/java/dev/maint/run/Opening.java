package dev.maint.run;

import dev.maint.record.Operator;
import dev.maint.record.RunRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * What a run will touch, told before its first step (issue 10): the runbook and its digest, the
 * environment and whether it was chosen, the repository and branch that receive the record (or
 * that nothing is recorded), the operator, and what the command line and the configuration
 * changed of the runbook's values and addresses. Two facts are warnings: a repository that is
 * maint's own source checkout, and a production environment nobody chose.
 *
 * @param command what is walked, after {@code maint }: {@code monthly}, {@code emergency critical-cve}
 * @param runbookFile the runbook file, absolute; empty for the runbook embedded in maint
 * @param runbookSha256 the first 12 hex digits of the runbook's SHA-256, as the commit's {@code
 *     Maint-Runbook:} trailer writes it
 * @param environment the environment walked against
 * @param environmentChosen where it was chosen: {@code --env}, {@code environment MAINT_ENV}, a
 *     configuration file's {@code FILE:LINE:COLUMN}; empty when it is the runbook's {@code
 *     default_environment}
 * @param repo the repository (its top folder) that receives the record
 * @param branch the branch the record is committed to, present only when it is committed
 * @param recording whether and why not the record is committed
 * @param recordDir the {@code --record-dir} the record file is also written to, if any
 * @param operator {@code Name <mail>}
 * @param overrides what the run changes of the runbook's values and addresses, secrets masked, as
 *     the record keeps it
 * @param setFrom where each variable of {@code overrides} was set when not on the command line (a
 *     configuration file's {@code FILE:LINE:COLUMN})
 * @param ownCheckout whether the record is committed to maint's own source checkout (see {@link
 *     #isMaintCheckout})
 */
public record Opening(
    String command, Optional<Path> runbookFile, String runbookSha256, String environment,
    Optional<String> environmentChosen, Path repo, Optional<String> branch, Recording recording,
    Optional<Path> recordDir, String operator, RunRecord.Overrides overrides, Map<String, String> setFrom,
    boolean ownCheckout) {
  public Opening {
    setFrom = Map.copyOf(setFrom);
  }

  /** Whether and why not a run's record is committed. */
  public enum Recording {
    /** The log entry is committed to the branch. */
    COMMIT,
    /** {@code --no-commit}: nothing is committed ({@code --record-dir} may still keep the record file). */
    NO_COMMIT,
    /** {@code --dry-run}: nothing is recorded. */
    DRY_RUN
  }

  /** The opening of the run {@code plan} describes, whose record goes to {@code branch}. */
  static Opening of(RunPlan plan, String branch) {
    RunPlan.Where where = plan.where();
    Recording recording = plan.mode().dryRun() ? Recording.DRY_RUN
        : where.commit() ? Recording.COMMIT : Recording.NO_COMMIT;
    String sha = plan.runbook().sha256();
    RunPlan.Touches t = plan.touches();
    return new Opening(plan.procedure().command(), t.runbookFile(), sha.substring(0, Math.min(12, sha.length())),
        plan.variables().environment(), t.environmentChosen(), where.repoDir(),
        recording == Recording.COMMIT ? Optional.of(branch) : Optional.empty(), recording,
        recording == Recording.DRY_RUN ? Optional.empty() : where.recordDir(), Operator.format(plan.operator()),
        t.overrides(), t.setFrom(), recording == Recording.COMMIT && isMaintCheckout(where.repoDir()));
  }

  /**
   * Whether the environment is production and nobody chose it: its name starts with {@code prod}
   * (any case) and it is the runbook's default.
   */
  public boolean productionByDefault() {
    return environmentChosen.isEmpty() && environment.toLowerCase(Locale.ROOT).startsWith("prod");
  }

  /**
   * Whether {@code dir} is the top of a checkout of maint's own source: its {@code pom.xml} names
   * the project {@code maint} (the project's own {@code artifactId}, not its parent's) and it holds
   * {@code src/main/java/dev/maint}. A pom that cannot be read is no maint checkout.
   */
  public static boolean isMaintCheckout(Path dir) {
    Path pom = dir.resolve("pom.xml");
    if (!Files.isDirectory(dir.resolve("src/main/java/dev/maint")) || !Files.isRegularFile(pom)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(pom)) {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      // A pom is plain XML: no document type, no external entities, nothing fetched.
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      Element project = factory.newDocumentBuilder().parse(in).getDocumentElement();
      for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && "artifactId".equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
          return "maint".equals(e.getTextContent().strip());
        }
      }
      return false;
    } catch (IOException | ParserConfigurationException | SAXException | IllegalArgumentException e) {
      return false;
    }
  }
}
