package dev.maint.runbook;

import dev.maint.text.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Loads and validates runbooks (format: {@code docs/runbook-format.md}). YAML is only composed
 * into plain nodes (no type construction), with limits on size, nesting and aliases. Loading stops
 * at the first error, a {@link RunbookException} whose message is one line {@code
 * FILE:LINE:COLUMN: message}.
 */
public final class RunbookLoader {
  /** Largest runbook accepted, in bytes. */
  public static final int MAX_BYTES = 2 * 1024 * 1024;
  /** Most aliases accepted in one runbook (guards against alias bombs). */
  public static final int MAX_ALIASES = 50;
  /** Classpath resource of the embedded default runbook. */
  public static final String DEFAULT_RESOURCE = "/runbooks/forma3d-connect.yaml";
  /** The name the embedded runbook goes by in positions and as a runbook's source. */
  public static final String EMBEDDED_NAME = "embedded:forma3d-connect.yaml";

  private static final Set<String> TOP_KEYS =
      Set.of(
          "runbook", "title", "version", "timezone", "environments", "default_environment",
          "variables", "log", "cadences", "cadence_choice", "emergencies", "rollbacks",
          "calendar", "windows", "quick_reference", "revisions");
  private static final Set<String> CADENCE_KEYS =
      Set.of("id", "title", "frequency", "focus", "duration", "when", "prep", "branch", "due", "sections");
  private static final Set<String> SECTION_KEYS =
      Set.of("id", "title", "description", "light", "data", "steps", "sections");

  private final String file;
  private final ReadContext context;
  private final StepReader stepReader;
  private final ReferenceReader referenceReader;
  private final Map<String, Position> sectionIds = new HashMap<>();

  private RunbookLoader(String file) {
    this.file = file;
    this.context = new ReadContext(file);
    this.stepReader = new StepReader(context);
    this.referenceReader = new ReferenceReader(context, stepReader);
  }

  /**
   * Loads a runbook file.
   *
   * @throws RunbookException when the file is missing, unreadable, too large, not UTF-8, not YAML
   *     or not a valid runbook
   */
  public static Runbook load(Path path) {
    return load(path, path.toString());
  }

  /**
   * Loads a runbook file, naming it {@code name} in error positions (the path as the user typed
   * it).
   *
   * @throws RunbookException as {@link #load(Path)}
   */
  public static Runbook load(Path path, String name) {
    if (Files.isDirectory(path)) {
      throw new RunbookException(new Position(name, 0, 0), "is a directory, not a runbook file");
    }
    byte[] bytes;
    try {
      // Limited on the bytes read, not the size the file reports: /dev/zero and pipes report 0.
      try (java.io.InputStream in = Files.newInputStream(path)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
      if (bytes.length > MAX_BYTES) {
        throw new RunbookException(new Position(name, 1, 1), "file is larger than " + MAX_BYTES + " bytes");
      }
    } catch (NoSuchFileException e) {
      throw new RunbookException(new Position(name, 0, 0), "no such file");

    } catch (IOException e) {
      throw new RunbookException(new Position(name, 0, 0), "cannot read: " + e.getMessage());
    }
    return Embedded.sameAs(bytes) ? Embedded.model(name).orElseGet(() -> parse(name, bytes)) : parse(name, bytes);
  }

  /**
   * Loads the embedded default runbook (the Forma3D.Connect seed): from the model the build made
   * of it ({@link RunbookModel}) when that was made from this YAML, else by parsing the YAML.
   *
   * @throws IllegalStateException if the jar was built without it
   */
  public static Runbook loadDefault() {
    return Embedded.model(EMBEDDED_NAME).orElseGet(() -> parse(EMBEDDED_NAME, Embedded.yaml()));
  }

  /**
   * The embedded runbook's YAML and model, read from the jar once. A file with the same bytes as
   * the shipped YAML gets the same runbook the build made of it, named as the file: parsing it
   * would give an equal runbook (the build parsed exactly these bytes, and fails when they are
   * not a valid runbook), only two hundred milliseconds later.
   */
  private static final class Embedded {
    private static byte[] yaml;
    private static byte[] model;

    private static synchronized byte[] yaml() {
      if (yaml == null) {
        yaml = resource(DEFAULT_RESOURCE);
        if (yaml == null) {
          throw new IllegalStateException("embedded runbook missing: " + DEFAULT_RESOURCE);
        }
      }
      return yaml;
    }

    private static synchronized byte[] model() {
      if (model == null) {
        byte[] bytes = resource(RunbookModel.RESOURCE);
        // Without a model (a build that skipped making it), the YAML is parsed.
        model = bytes == null ? new byte[0] : bytes;
      }
      return model;
    }

    /** Whether {@code bytes} are the shipped runbook's, decided without reading it when the lengths differ. */
    static boolean sameAs(byte[] bytes) {
      int length = RunbookModel.yamlLength(model());
      return length == bytes.length && Arrays.equals(bytes, yaml());
    }

    static Optional<Runbook> model(String name) {
      return model().length == 0 ? Optional.empty() : RunbookModel.read(model(), yaml(), name);
    }

    /**
     * A resource of maint's own jar (or class folder), read from there directly: the class loader
     * would first look for it in every module of the JDK (a few milliseconds at start).
     */
    private static byte[] resource(String name) {
      try {
        java.security.CodeSource code = RunbookLoader.class.getProtectionDomain().getCodeSource();
        Path where = code == null ? null : Path.of(code.getLocation().toURI());
        if (where != null && Files.isRegularFile(where)) {
          try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(where.toFile())) {
            java.util.zip.ZipEntry entry = jar.getEntry(name.substring(1));
            if (entry != null) {
              try (InputStream in = jar.getInputStream(entry)) {
                return in.readAllBytes();
              }
            }
          }
        } else if (where != null && Files.isRegularFile(where.resolve(name.substring(1)))) {
          return Files.readAllBytes(where.resolve(name.substring(1)));
        }
      } catch (java.net.URISyntaxException | IOException | RuntimeException e) {
        // Not a file on this machine (another class loader's URL): ask the class loader.
      }
      try (InputStream in = RunbookLoader.class.getResourceAsStream(name)) {
        return in == null ? null : in.readAllBytes();
      } catch (IOException e) {
        throw new IllegalStateException("cannot read embedded resource " + name, e);
      }
    }
  }

  /**
   * Parses runbook bytes.
   *
   * @param name the name used in error positions
   * @throws RunbookException for any invalid input
   */
  public static Runbook parse(String name, byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new RunbookException(new Position(name, 1, 1), "file is larger than " + MAX_BYTES + " bytes");
    }
    // The String constructor's decoder is the fast one, and it replaces each malformed sequence
    // with U+FFFD: text without U+FFFD was well formed. Only text with one (a file may hold U+FFFD
    // itself) goes through the strict decoder, which tells the two apart and finds the bad byte.
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.indexOf('\uFFFD') >= 0) {
      checkUtf8(name, bytes);
    }
    return new RunbookLoader(name).read(text, new Sha256.Deferred(bytes));
  }

  /**
   * Decodes {@code bytes} strictly, refusing the first malformed or unmappable sequence at its
   * line and column (counted in characters, as every other position is).
   */
  private static void checkUtf8(String name, byte[] bytes) {
    java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
    java.nio.charset.CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      // The input stops at the first byte of the bad sequence; what was decoded before it is text.
      int bad = in.position();
      // The bad byte sits just after what decoded: its position is that text's end.
      String before = out.flip().toString();
      throw new RunbookException(positionOf(name, before, before.codePointCount(0, before.length())),
          String.format("invalid UTF-8 byte 0x%02X (a runbook must be UTF-8)", bytes[bad] & 0xFF));
    }
  }

  private Runbook read(String text, Sha256.Deferred sha) {
    checkLines(text);
    Node root = compose(text);
    context.source(text);
    YamlMap top = YamlMap.of(file, root, "the runbook", context::checkTemplate);
    top.allowOnly(TOP_KEYS);
    String id = top.string("runbook");
    context.checkId(top.required("runbook"), id);
    Set<String> environments = new LinkedHashSet<>(top.strings("environments"));
    context.environments(environments);
    String defaultEnv =
        top.optString("default_environment")
            .orElse(environments.isEmpty() ? "default" : environments.iterator().next());
    if (!environments.isEmpty() && !environments.contains(defaultEnv)) {
      throw top.error(top.required("default_environment"), "unknown environment '" + defaultEnv + "'");
    }
    ZoneId zone = zone(top);
    Map<String, Variable> variables = readVariables(top);
    context.variables(variables);
    LogSpec log = top.map("log").map(referenceReader::logSpec).orElse(LogSpec.defaults());
    List<Reference.Window> windows = referenceReader.windows(top);
    List<Cadence> cadences = new ArrayList<>();
    Set<String> cadenceIds = new LinkedHashSet<>();
    for (Node n : top.list("cadences")) {
      Cadence c = cadence(top.child(n, "a cadence"));
      if (!cadenceIds.add(c.id())) {
        throw top.error(n, "duplicate cadence id '" + c.id() + "'");
      }
      cadences.add(c);
    }
    if (cadences.isEmpty()) {
      throw top.error(top.node("cadences").orElse(root), "a runbook needs at least one cadence");
    }
    List<Reference.CadenceChoice> choice = referenceReader.cadenceChoice(top);
    List<Reference.Emergency> emergencies = referenceReader.emergencies(top);
    List<Reference.Rollback> rollbacks = referenceReader.rollbacks(top);
    List<Reference.CalendarMonth> calendar = referenceReader.calendar(top, cadences);
    List<Reference.QuickCommand> quick = referenceReader.quickReference(top);
    List<Reference.Revision> revisions = referenceReader.revisions(top);
    return new Runbook(
        id,
        top.string("title", id),
        top.string("version", ""),
        file,
        sha,
        zone.getId(),
        List.copyOf(environments),
        defaultEnv,
        variables,
        log,
        cadences,
        choice,
        emergencies,
        rollbacks,
        calendar,
        windows,
        quick,
        revisions,
        context.environmentReferences());
  }

  /** Most characters one line of a runbook may have: a runbook is read by people. */
  public static final int MAX_LINE = 16 * 1024;

  /**
   * Refuses a line longer than {@link #MAX_LINE} before the YAML parser sees it: one long scalar
   * made the parser's buffers grow to many times its size.
   */
  private void checkLines(String text) {
    int line = 1;
    int start = 0;
    // indexOf, not a loop over charAt: this runs once per start, mostly before the JIT compiles it.
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      if (end - start > MAX_LINE) {
        throw new RunbookException(new Position(file, line, MAX_LINE + 1),
            "line is longer than " + MAX_LINE + " characters");
      }
      line++;
      start = end + 1;
    }
  }

  /** Most characters one YAML scalar (a key or a value, block scalars included) may have: 64 KiB. */
  public static final int MAX_SCALAR = 64 * 1024;


  /** Deepest nesting of lists and mappings accepted. */
  public static final int MAX_DEPTH = 40;

  /**
   * Most characters aliases may repeat in one runbook, all together: each {@code *name} counts
   * the characters of what it stands for (every scalar's length, one for each node). The limit on
   * aliases of lists and mappings alone let a few kilobytes of {@code &a} scalars and {@code *a}
   * aliases stand for hundreds of megabytes, which every check and {@code maint show} then went
   * through once per alias.
   */
  public static final int MAX_ALIAS_EXPANSION = 1024 * 1024;

  private Node compose(String text) {
    LoaderOptions options = new LoaderOptions();
    // Bounded here only as a backstop: BoundedEvents refuses first, at the alias's or the
    // collection's own position, where snakeyaml's own errors carry none.
    options.setMaxAliasesForCollections(MAX_ALIASES + 1);
    options.setCodePointLimit(MAX_BYTES);
    options.setNestingDepthLimit(MAX_DEPTH + 1);
    options.setAllowRecursiveKeys(false);
    options.setProcessComments(false);
    Node root = Composing.compose(text, options, file);
    if (root == null) {
      throw new RunbookException(new Position(file, 1, 1), "the runbook is empty");
    }
    return root;
  }

  /** The 1-based line and column (in code points, as snakeyaml counts them) of {@code text}'s code point {@code index}. */
  private static Position positionOf(String file, String text, int codePointIndex) {
    int index = text.offsetByCodePoints(0, Math.min(codePointIndex, text.codePointCount(0, text.length())));
    int lineStart = text.lastIndexOf('\n', index - 1) + 1;
    int line = 1;
    for (int i = text.indexOf('\n'); i >= 0 && i < lineStart; i = text.indexOf('\n', i + 1)) {
      line++;
    }
    return new Position(file, line, text.codePointCount(lineStart, index) + 1);
  }

  /**
   * What {@code Yaml.compose} does, without building a {@code Yaml} object's constructors and
   * representer, which only type construction and dumping use; snakeyaml's errors become {@link
   * RunbookException}s at their line and column. A class of its own so that checking {@link
   * RunbookLoader}'s code, which a start of {@code list} runs, loads none of snakeyaml's parser or
   * its exceptions.
   */
  private static final class Composing {
    /**
     * @return the document's root node, or null for an empty document
     * @throws RunbookException for text that is not YAML or goes past a limit of {@code options}
     */
    static Node compose(String text, LoaderOptions options, String file) {
      try {
        Parser events = new BoundedEvents(new ParserImpl(new StreamReader(new java.io.StringReader(text)), options), file);
        Node root = new Composer(events, new Resolver(), options).getSingleNode();
        if (root != null) {
          checkScalars(root, file);
        }
        return root;
      } catch (MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        Position at =
            mark == null ? new Position(file, 1, 1) : new Position(file, mark.getLine() + 1, mark.getColumn() + 1);
        String problem = e.getProblem() != null ? e.getProblem() : "invalid YAML";
        String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
        throw new RunbookException(at, "invalid YAML: " + ReadContext.oneLine(problem + context));
      } catch (ReaderException e) {
        // A character YAML does not allow (a NUL, another control character): the reader names
        // its index in the text, not its line and column.
        throw new RunbookException(positionOf(file, text, e.getPosition()), "invalid YAML: character "
            + String.format("U+%04X", e.getCodePoint()) + " is not allowed in a runbook");
      } catch (YAMLException e) {
        throw new RunbookException(new Position(file, 1, 1), "invalid YAML: " + ReadContext.oneLine(e.getMessage()));
      }
    }

    /**
     * Refuses a scalar longer than {@link #MAX_SCALAR}, or holding a NUL, at its first character. The
     * line limit alone lets a block scalar of many short lines through, and every scalar is copied
     * again by template checks and expansion, so one bound on the value keeps memory in proportion
     * to the file.
     */
    private static void checkScalars(Node root, String file) {
      java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
      Set<Node> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      todo.push(root);
      while (!todo.isEmpty()) {
        Node n = todo.pop();
        if (!(n instanceof ScalarNode) && !seen.add(n)) {
          continue; // an alias of a collection: its nodes are checked once (an aliased scalar costs one more look)
        }
        if (n instanceof ScalarNode s) {
          if (s.getValue().length() > MAX_SCALAR) {
            Mark m = s.getStartMark();
            throw new RunbookException(new Position(file, m.getLine() + 1, m.getColumn() + 1),
                "value is longer than " + MAX_SCALAR + " characters");
          }
          // Only an escape of a double-quoted scalar (\0, \x00) can write one: no command, argument,
          // environment variable or file name can hold it, so the step would fail only when run.
          if (s.getValue().indexOf('\0') >= 0) {
            throw new RunbookException(YamlMap.position(file, s),
                "a NUL character (\\0) is not allowed: no command, argument or environment variable can hold one");
          }
        } else if (n instanceof org.yaml.snakeyaml.nodes.SequenceNode q) {
          for (int i = q.getValue().size() - 1; i >= 0; i--) {
            todo.push(q.getValue().get(i));
          }
        } else if (n instanceof org.yaml.snakeyaml.nodes.MappingNode mn) {
          for (int i = mn.getValue().size() - 1; i >= 0; i--) {
            todo.push(mn.getValue().get(i).getValueNode());
            todo.push(mn.getValue().get(i).getKeyNode());
          }
        }
      }
    }
  }

  /**
   * The parser's events, passed on to the composer with the limits on aliases and nesting applied
   * as they arrive, so an error names the alias or the list that goes too far: the size every
   * alias stands for ({@link #MAX_ALIAS_EXPANSION}), the number of aliases of lists and mappings
   * ({@link #MAX_ALIASES}) and the depth ({@link #MAX_DEPTH}).
   */
  private static final class BoundedEvents implements Parser {
    private final Parser parser;
    private final String file;
    /** The size of each anchored node read so far, by anchor (a later anchor of the same name replaces it). */
    private final Map<String, Long> anchored = new HashMap<>();
    /** Anchors of the anchored nodes that are collections. */
    private final Set<String> collections = new java.util.HashSet<>();
    /** The lists and mappings open, innermost last. */
    private final java.util.ArrayDeque<Open> open = new java.util.ArrayDeque<>();
    private long expanded;
    private int collectionAliases;

    BoundedEvents(Parser parser, String file) {
      this.parser = parser;
      this.file = file;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
      return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
      return parser.peekEvent();
    }

    @Override
    public Event getEvent() {
      Event e = parser.getEvent();
      if (e instanceof AliasEvent a) {
        // An alias of a node still open (a recursive one) has no size yet: the composer refuses it.
        long size = anchored.getOrDefault(a.getAnchor(), 1L);
        expanded += size;
        if (expanded > MAX_ALIAS_EXPANSION) {
          throw error(a, "aliases repeat more than " + MAX_ALIAS_EXPANSION
              + " characters in all (*" + a.getAnchor() + " stands for " + size + " each time)");
        }
        if (collections.contains(a.getAnchor()) && ++collectionAliases > MAX_ALIASES) {
          throw error(a, "more than " + MAX_ALIASES + " aliases of lists and mappings");
        }
        add(size);
      } else if (e instanceof ScalarEvent s) {
        long size = 1L + s.getValue().length();
        if (s.getAnchor() != null) {
          anchored.put(s.getAnchor(), size);
          collections.remove(s.getAnchor());
        }
        add(size);
      } else if (e instanceof CollectionStartEvent c) {
        if (open.size() >= MAX_DEPTH) {
          throw error(c, "lists and mappings are nested more than " + MAX_DEPTH + " deep");
        }
        open.addLast(new Open(c.getAnchor()));
      } else if (e instanceof CollectionEndEvent) {
        Open closed = open.removeLast();
        if (closed.anchor != null) {
          anchored.put(closed.anchor, closed.size);
          collections.add(closed.anchor);
        }
        add(closed.size);
      }
      return e;
    }

    /** Adds a node's size to the collection it is in. */
    private void add(long size) {
      Open parent = open.peekLast();
      if (parent != null) {
        parent.size += size;
      }
    }

    /** A list or mapping being read: its anchor (or null) and its size so far, itself counted one. */
    private static final class Open {
      final String anchor;
      long size = 1;

      Open(String anchor) {
        this.anchor = anchor;
      }
    }

    private RunbookException error(Event at, String message) {
      Mark m = at.getStartMark();
      return new RunbookException(new Position(file, m.getLine() + 1, m.getColumn() + 1), message);
    }
  }

  private ZoneId zone(YamlMap top) {
    Optional<String> tz = top.optString("timezone");
    if (tz.isEmpty()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(tz.get());
    } catch (DateTimeException e) {
      throw top.error(top.required("timezone"), "unknown time zone '" + tz.get() + "'");
    }
  }

  private Map<String, Variable> readVariables(YamlMap top) {
    Map<String, Variable> vars = new LinkedHashMap<>();
    Optional<YamlMap> section = top.map("variables");
    if (section.isEmpty()) {
      return vars;
    }
    YamlMap vm = section.get();
    for (String name : vm.keys()) {
      if (!Templates.NAME.matcher(name).matches()) {
        throw vm.error(vm.keyNode(name), "invalid variable name '" + name + "'");
      }
      Node value = vm.required(name);
      if (value instanceof ScalarNode) {
        vars.put(name, new Variable(name, Optional.of(vm.scalar(value, name)), Map.of(), false, ""));
        continue;
      }
      YamlMap m = vm.child(value, "variable '" + name + "'");
      m.allowOnly(Set.of("default", "environments", "secret", "description"));
      Map<String, String> perEnv = m.stringMap("environments");
      m.map("environments").ifPresent(em -> em.keys().forEach(env -> context.checkEnvironment(em, em.keyNode(env), env)));
      vars.put(
          name,
          new Variable(
              name, m.optString("default"), perEnv, m.bool("secret", false), m.string("description", "")));
    }
    return vars;
  }

  private Cadence cadence(YamlMap m) {
    m.allowOnly(CADENCE_KEYS);
    String id = m.string("id");
    context.checkId(m.required("id"), id);
    Optional<Due> due = due(m);
    stepReader.cadence(id, due.isPresent());
    List<Section> sections = m.each("sections", "a section", this::section);
    String branch = m.string("branch", "maintenance/" + id + "-{year}-{month}");
    java.util.regex.Matcher tokens = Pattern.compile("\\{([^}]*)}").matcher(branch);
    while (tokens.find()) {
      if (!Set.of("year", "month", "quarter", "week-year", "week").contains(tokens.group(1))) {
        throw m.error(m.required("branch"), "unknown branch token '" + tokens.group() + "'");
      }
    }
    checkBranch(m, id, branch);
    return new Cadence(
        id,
        m.string("title", id),
        m.string("frequency", ""),
        m.string("focus", ""),
        m.string("duration", ""),
        m.string("when", ""),
        m.string("prep", ""),
        branch,
        sections,
        due);
  }

  /**
   * The branch a cadence commits to must be a git ref name for every date; the tokens only add
   * digits, so one sample date (2026-11-29, ISO week 2026-W48) decides.
   */
  private static void checkBranch(YamlMap m, String id, String branch) {
    String sample = branch.replace("{year}", "2026").replace("{month}", "11").replace("{quarter}", "4")
        .replace("{week-year}", "2026").replace("{week}", "48");
    // git check-ref-format --branch also refuses a leading '-' and HEAD (a branch named so is
    // taken for an option or for the current commit).
    if (!dev.maint.text.RefNames.isValid("refs/heads/" + sample) || sample.startsWith("-") || sample.equals("HEAD")) {
      throw m.has("branch")
          ? m.error(m.required("branch"), "'" + sample + "' is not a valid git branch name")
          : m.error(m.required("id"), "cadence id '" + id + "' gives the branch '" + sample
              + "', which is not a valid git branch name (change the id or set 'branch')");
    }
  }

  private Optional<Due> due(YamlMap m) {
    return m.optString("due").map(label -> Due.of(label).orElseThrow(() -> m.error(m.required("due"),
        "invalid due '" + label + "' (one of " + String.join(", ", Arrays.stream(Due.values()).map(Due::label).toList())
            + ")")));
  }

  private Section section(YamlMap m) {
    m.allowOnly(SECTION_KEYS);
    String id = m.string("id");
    context.checkId(m.required("id"), id);
    Position previous = sectionIds.putIfAbsent(id, m.position());
    if (previous != null) {
      throw m.error(m.required("id"), "duplicate section id '" + id + "' (first at " + previous + ")");
    }
    List<Step> steps = stepReader.steps(m);
    List<Section> subs = m.each("sections", "a section", this::section);
    return new Section(
        id, m.string("title"), m.string("description", ""), m.bool("light", false), StepReader.table(m), steps,
        subs);
  }
}
