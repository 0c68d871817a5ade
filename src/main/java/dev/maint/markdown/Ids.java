package dev.maint.markdown;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Ids made from text, the same for the same text every time, so that re-importing a document
 * gives the same ids (and a walk's journal or a record still names the same steps).
 */
final class Ids {
  /** Words left out of ids: they make ids longer without telling steps apart. */
  private static final Set<String> STOP = Set.of(
      "a", "an", "the", "of", "in", "on", "for", "to", "and", "or", "is", "are", "all", "any", "with", "by",
      "at", "if", "be", "its", "from", "into", "e", "g");

  private final Set<String> used = new HashSet<>();

  /** Lower-case ASCII words of {@code text} joined by '-', at most {@code words} of them, without stop words. */
  static String slug(String text, int words) {
    String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    List<String> parts = List.of(ascii.split("[^a-z0-9]+"));
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (String p : parts) {
      if (p.isEmpty() || (STOP.contains(p) && parts.size() > 2)) {
        continue;
      }
      if (n == words) {
        break;
      }
      out.append(n++ == 0 ? "" : "-").append(p);
    }
    return out.toString();
  }

  /** Reserves an id given by the document (a {@code <!-- maint:ID -->} marker). */
  void reserve(String id) {
    used.add(id);
  }

  /** {@code base}, or {@code base-2}, {@code base-3}... : the first not taken yet, now taken. */
  String unique(String base) {
    String id = base;
    for (int i = 2; !used.add(id); i++) {
      id = base + "-" + i;
    }
    return id;
  }
}
