// The parser's compiled modules import its JSON schemas without `with { type: "json" }` (they are
// meant for bundlers); Node refuses that, so this loader hook supplies the attribute for .json files.
export async function load(url, context, nextLoad) {
  if (url.endsWith(".json")) {
    return nextLoad(url, { ...context, importAttributes: { type: "json" } });
  }
  return nextLoad(url, context);
}
