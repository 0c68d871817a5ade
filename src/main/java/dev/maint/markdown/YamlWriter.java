package dev.maint.markdown;

import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Writes the imported runbook as block-style YAML (snakeyaml), with a leading comment. */
final class YamlWriter {
  String write(String comment, Map<String, Object> runbook) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setWidth(110);
    options.setSplitLines(false);
    options.setAllowUnicode(true);
    StringBuilder out = new StringBuilder();
    for (String line : comment.strip().split("\n", -1)) {
      out.append(line.isEmpty() ? "#" : "# " + line).append('\n');
    }
    out.append('\n').append(new Yaml(options).dump(runbook));
    return out.toString();
  }
}
