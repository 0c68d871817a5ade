package dev.maint.runbook;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The embedded runbook's model, made by the build: the {@link Runbook} that {@link RunbookLoader}
 * reads from the shipped YAML, written in a compact binary form ({@link DataOutputStream}: big-endian
 * numbers, strings as a length and their UTF-8 bytes) beside the YAML in the jar ({@link
 * #RESOURCE}). Reading it is a few milliseconds where composing and checking the 74 KB of YAML was
 * about two hundred: {@code list} and {@code validate} of the shipped runbook start without snakeyaml.
 *
 * <p>The form cannot go stale. The build makes it from the YAML every time ({@link #main}, in the
 * {@code process-classes} phase, failing when the YAML is not a valid runbook); it records the
 * YAML's length and CRC-32, and {@link #read} refuses it (so the loader parses the YAML instead)
 * unless the YAML beside it has both; and a test holds that reading it gives a runbook equal to
 * parsing the YAML. The SHA-256 of the YAML is stored too, so the runbook's fingerprint needs no
 * digest at start.
 *
 * <p>The format is private to one build: {@link #VERSION} changes with it, and a form of another
 * version is ignored.
 */
public final class RunbookModel {
  /** Classpath resource of the embedded runbook's model, next to {@link RunbookLoader#DEFAULT_RESOURCE}. */
  public static final String RESOURCE = "/runbooks/forma3d-connect.model";

  private static final int MAGIC = 0x4d524231; // "MRB1"
  /** Changes whenever the layout below changes. */
  static final int VERSION = 2;

  private RunbookModel() {}

  /**
   * Build step: parses {@code CLASSES/runbooks/forma3d-connect.yaml} (failing on any runbook error)
   * and writes its model to {@code CLASSES/runbooks/forma3d-connect.model}.
   *
   * @param args one argument, the folder of the compiled classes and resources
   * @throws RunbookException when the shipped runbook is invalid, which fails the build
   * @throws IOException when the files cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    Path classes = Path.of(args[0]);
    Path yaml = classes.resolve(RunbookLoader.DEFAULT_RESOURCE.substring(1));
    byte[] bytes = Files.readAllBytes(yaml);
    Runbook runbook = RunbookLoader.parse(RunbookLoader.EMBEDDED_NAME, bytes);
    Files.write(classes.resolve(RESOURCE.substring(1)), write(runbook, bytes));
  }

  /**
   * The model of {@code runbook}, parsed from {@code yaml}.
   *
   * @param runbook what {@link RunbookLoader#parse} gave for {@code yaml}
   * @param yaml the runbook file's bytes
   */
  static byte[] write(Runbook runbook, byte[] yaml) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 * 1024);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(yaml.length);
      out.writeLong(crc(yaml));
      new Writer(out).runbook(runbook);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * The runbook a model holds, named {@code name} (its source and its steps' positions), provided
   * the model was made from exactly {@code yaml}; else empty, and the caller parses the YAML.
   *
   * @param model the bytes {@link #write} made
   * @param yaml the runbook file's bytes
   * @param name the name used in positions, as {@link RunbookLoader#parse} takes it
   */
  static Optional<Runbook> read(byte[] model, byte[] yaml, String name) {
    try {
      Reader in = new Reader(model, name, yaml);
      if (in.i32() != MAGIC || in.i32() != VERSION || in.i32() != yaml.length || in.i64() != crc(yaml)) {
        return Optional.empty();
      }
      return Optional.of(in.runbook());
    } catch (RuntimeException e) {
      // Truncated, or holding what this Java cannot make (a time zone its database lacks): the YAML
      // is parsed instead, and says what is wrong if anything is.
      return Optional.empty();
    }
  }

  /** The length of the YAML a model was made from, or -1 when it is no model of this version. */
  static int yamlLength(byte[] model) {
    if (model.length < 12) {
      return -1;
    }
    int magic = (model[0] & 0xff) << 24 | (model[1] & 0xff) << 16 | (model[2] & 0xff) << 8 | (model[3] & 0xff);
    int version = (model[4] & 0xff) << 24 | (model[5] & 0xff) << 16 | (model[6] & 0xff) << 8 | (model[7] & 0xff);
    return magic != MAGIC || version != VERSION ? -1
        : (model[8] & 0xff) << 24 | (model[9] & 0xff) << 16 | (model[10] & 0xff) << 8 | (model[11] & 0xff);
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  // Tags of the plain values a json: expectation holds (YamlMap.plain).
  private static final int NULL = 0;
  private static final int STRING = 1;
  private static final int LONG = 2;
  private static final int DOUBLE = 3;
  private static final int BOOLEAN = 4;
  private static final int BIG = 5;
  private static final int LIST = 6;
  private static final int MAP = 7;

  // Tags of actions.
  private static final int MANUAL = 0;
  private static final int RUN = 1;
  private static final int HTTP = 2;
  private static final int TLS = 3;
  private static final int CERT = 4;

  private static final class Writer {
    private final DataOutputStream out;

    Writer(DataOutputStream out) {
      this.out = out;
    }

    void runbook(Runbook r) throws IOException {
      string(r.fingerprint().hex());
      string(r.id());
      string(r.title());
      string(r.version());
      string(r.timezoneId());
      strings(r.environments());
      string(r.defaultEnvironment());
      out.writeInt(r.variables().size());
      for (Variable v : r.variables().values()) {
        string(v.name());
        optString(v.defaultValue());
        stringMap(v.environments());
        out.writeBoolean(v.secret());
        string(v.description());
      }
      string(r.log().file());
      strings(r.log().columns());
      string(r.log().records());
      out.writeInt(r.cadences().size());
      for (Cadence c : r.cadences()) {
        cadence(c);
      }
      out.writeInt(r.cadenceChoice().size());
      for (Reference.CadenceChoice c : r.cadenceChoice()) {
        string(c.signal());
        string(c.action());
      }
      out.writeInt(r.emergencies().size());
      for (Reference.Emergency e : r.emergencies()) {
        string(e.id());
        string(e.trigger());
        string(e.response());
        string(e.sla());
        steps(e.steps());
      }
      out.writeInt(r.rollbacks().size());
      for (Reference.Rollback b : r.rollbacks()) {
        string(b.id());
        string(b.title());
        string(b.description());
        steps(b.steps());
      }
      out.writeInt(r.calendar().size());
      for (Reference.CalendarMonth m : r.calendar()) {
        out.writeInt(m.month());
        strings(m.cadences());
        string(m.activities());
        out.writeBoolean(m.light());
      }
      out.writeInt(r.windows().size());
      for (Reference.Window w : r.windows()) {
        string(w.id());
        string(w.environment());
        out.writeInt(w.days().size());
        for (DayOfWeek d : w.days()) {
          out.writeByte(d.getValue());
        }
        time(w.start());
        time(w.end());
        string(w.description());
      }
      out.writeInt(r.quickReference().size());
      for (Reference.QuickCommand q : r.quickReference()) {
        string(q.name());
        string(q.group());
        string(q.command());
        string(q.description());
        out.writeBoolean(q.confirm());
      }
      out.writeInt(r.revisions().size());
      for (Reference.Revision v : r.revisions()) {
        string(v.version());
        string(v.date());
        string(v.author());
        string(v.changes());
      }
      strings(r.environmentReferences());
    }

    private void cadence(Cadence c) throws IOException {
      string(c.id());
      string(c.title());
      string(c.frequency());
      string(c.focus());
      string(c.duration());
      string(c.when());
      string(c.prep());
      string(c.branch());
      sections(c.sections());
      optString(c.due().map(Due::name));
    }

    private void sections(List<Section> sections) throws IOException {
      out.writeInt(sections.size());
      for (Section s : sections) {
        string(s.id());
        string(s.title());
        string(s.description());
        out.writeBoolean(s.light());
        table(s.data());
        steps(s.steps());
        sections(s.sections());
      }
    }

    private void steps(List<Step> steps) throws IOException {
      out.writeInt(steps.size());
      for (Step s : steps) {
        string(s.id());
        string(s.title());
        string(s.details());
        action(s.action());
        When w = s.when();
        // When.ALWAYS is told apart by identity (a step without when: against an empty when: {}).
        out.writeBoolean(w == When.ALWAYS);
        if (w != When.ALWAYS) {
          when(w);
        }
        out.writeBoolean(s.confirm());
        out.writeBoolean(s.required());
        out.writeBoolean(s.always());
        out.writeBoolean(s.readonly());
        optString(s.window());
        table(s.data());
        out.writeInt(s.position().line());
        out.writeInt(s.position().column());
        out.writeBoolean(s.ask().isPresent());
        if (s.ask().isPresent()) {
          Step.Ask a = s.ask().get();
          string(a.fact());
          string(a.prompt());
          optString(a.pattern());
          optString(a.defaultValue());
        }
        out.writeBoolean(s.show().isPresent());
        if (s.show().isPresent()) {
          action(s.show().get());
        }
      }
    }

    private void when(When w) throws IOException {
      out.writeInt(w.months().size());
      for (int m : w.months()) {
        out.writeInt(m);
      }
      strings(w.environments());
      strings(w.steps());
      strings(w.statuses());
      out.writeBoolean(w.fact().isPresent());
      if (w.fact().isPresent()) {
        string(w.fact().get().name());
        optString(w.fact().get().equals());
        optString(w.fact().get().matches());
      }
    }

    private void action(Action action) throws IOException {
      if (action instanceof Action.Manual) {
        out.writeByte(MANUAL);
      } else if (action instanceof Action.Run r) {
        out.writeByte(RUN);
        string(r.command());
        out.writeInt(r.expectExit().size());
        for (int code : r.expectExit()) {
          out.writeInt(code);
        }
        out.writeLong(r.timeoutSeconds());
        optString(r.workdir());
        optString(r.host());
        stringMap(r.env());
        optString(r.stdout());
        optString(r.stderr());
        string(r.format());
        plainMap(r.json());
        stringMap(r.capture());
      } else if (action instanceof Action.Http h) {
        out.writeByte(HTTP);
        string(h.url());
        string(h.method());
        stringMap(h.headers());
        strings(h.status());
        plainMap(h.json());
        optString(h.body());
        out.writeBoolean(h.followRedirects());
        out.writeLong(h.timeoutSeconds());
        optInt(h.warnDays());
        optInt(h.failDays());
        optString(h.caFile());
        out.writeBoolean(h.maxLatencyMs().isPresent());
        out.writeLong(h.maxLatencyMs().orElse(0));
        out.writeLong(h.bodyLimitBytes());
        out.writeInt(h.attempts());
        out.writeLong(h.intervalSeconds());
      } else if (action instanceof Action.Tls t) {
        out.writeByte(TLS);
        string(t.host());
        string(t.port());
        optString(t.name());
        optString(t.connect());
        out.writeInt(t.warnDays());
        out.writeInt(t.failDays());
        optString(t.caFile());
        out.writeBoolean(t.insecure());
        optString(t.starttls());
        out.writeLong(t.timeoutSeconds());
        nextRun(t.validUntil());
      } else if (action instanceof Action.Cert c) {
        out.writeByte(CERT);
        string(c.path());
        out.writeInt(c.warnDays());
        out.writeInt(c.failDays());
        nextRun(c.validUntil());
      } else {
        throw new IllegalStateException("an action the model cannot hold: " + action);
      }
    }

    private void nextRun(Optional<NextRun> next) throws IOException {
      optString(next.map(NextRun::cadence));
      out.writeInt(next.map(NextRun::marginDays).orElse(0));
    }

    private void table(Optional<DataTable> table) throws IOException {
      out.writeBoolean(table.isPresent());
      if (table.isPresent()) {
        strings(table.get().columns());
        out.writeInt(table.get().rows().size());
        for (List<String> row : table.get().rows()) {
          strings(row);
        }
      }
    }

    private void time(Optional<LocalTime> time) throws IOException {
      out.writeLong(time.map(LocalTime::toNanoOfDay).orElse(-1L));
    }

    private void optInt(OptionalInt value) throws IOException {
      out.writeBoolean(value.isPresent());
      out.writeInt(value.orElse(0));
    }

    private void plainMap(Map<String, Object> map) throws IOException {
      out.writeInt(map.size());
      for (Map.Entry<String, Object> e : map.entrySet()) {
        string(e.getKey());
        plain(e.getValue());
      }
    }

    @SuppressWarnings("unchecked")
    private void plain(Object value) throws IOException {
      if (value == null) {
        out.writeByte(NULL);
      } else if (value instanceof String s) {
        out.writeByte(STRING);
        string(s);
      } else if (value instanceof Long l) {
        out.writeByte(LONG);
        out.writeLong(l);
      } else if (value instanceof Double d) {
        out.writeByte(DOUBLE);
        out.writeDouble(d);
      } else if (value instanceof Boolean b) {
        out.writeByte(BOOLEAN);
        out.writeBoolean(b);
      } else if (value instanceof java.math.BigInteger b) {
        out.writeByte(BIG);
        string(b.toString());
      } else if (value instanceof List<?> list) {
        out.writeByte(LIST);
        out.writeInt(list.size());
        for (Object item : list) {
          plain(item);
        }
      } else if (value instanceof Map<?, ?> map) {
        out.writeByte(MAP);
        plainMap((Map<String, Object>) map);
      } else {
        throw new IllegalStateException("a value the model cannot hold: " + value.getClass());
      }
    }

    private void stringMap(Map<String, String> map) throws IOException {
      out.writeInt(map.size());
      for (Map.Entry<String, String> e : map.entrySet()) {
        string(e.getKey());
        string(e.getValue());
      }
    }

    private void strings(Collection<String> strings) throws IOException {
      out.writeInt(strings.size());
      for (String s : strings) {
        string(s);
      }
    }

    private void optString(Optional<String> s) throws IOException {
      out.writeBoolean(s.isPresent());
      if (s.isPresent()) {
        string(s.get());
      }
    }

    private void string(String s) throws IOException {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      out.writeInt(utf8.length);
      out.write(utf8);
    }
  }

  /**
   * Reads what {@link Writer} wrote, straight from the array: a start runs this code once, in the
   * interpreter, where each {@code DataInputStream} read was several calls.
   */
  private static final class Reader {
    private final byte[] b;
    private final String file;
    private final byte[] yaml;
    private int at;

    Reader(byte[] model, String file, byte[] yaml) {
      this.b = model;
      this.file = file;
      this.yaml = yaml;
    }

    int i32() {
      int v = (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
      at += 4;
      return v;
    }

    long i64() {
      long high = i32();
      return high << 32 | (i32() & 0xffffffffL);
    }

    boolean bool() {
      return b[at++] != 0;
    }

    int u8() {
      return b[at++] & 0xff;
    }

    Runbook runbook() {
      dev.maint.text.Sha256.Deferred fingerprint = dev.maint.text.Sha256.Deferred.known(yaml, string());
      String id = string();
      String title = string();
      String version = string();
      String zone = string();
      List<String> environments = strings();
      String defaultEnvironment = string();
      int n = i32();
      Map<String, Variable> variables = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        Variable v = new Variable(string(), optString(), stringMap(), bool(), string());
        variables.put(v.name(), v);
      }
      LogSpec log = new LogSpec(string(), strings(), string());
      n = i32();
      List<Cadence> cadences = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        cadences.add(new Cadence(string(), string(), string(), string(), string(), string(), string(), string(),
            sections(), due(optString())));
      }
      n = i32();
      List<Reference.CadenceChoice> choice = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        choice.add(new Reference.CadenceChoice(string(), string()));
      }
      n = i32();
      List<Reference.Emergency> emergencies = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        emergencies.add(new Reference.Emergency(string(), string(), string(), string(), steps()));
      }
      n = i32();
      List<Reference.Rollback> rollbacks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        rollbacks.add(new Reference.Rollback(string(), string(), string(), steps()));
      }
      n = i32();
      List<Reference.CalendarMonth> calendar = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        calendar.add(new Reference.CalendarMonth(i32(), strings(), string(), bool()));
      }
      n = i32();
      List<Reference.Window> windows = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String wid = string();
        String environment = string();
        int days = i32();
        List<DayOfWeek> dayList = new ArrayList<>(days);
        for (int d = 0; d < days; d++) {
          dayList.add(DayOfWeek.of(u8()));
        }
        windows.add(new Reference.Window(wid, environment, dayList, time(), time(), string()));
      }
      n = i32();
      List<Reference.QuickCommand> quick = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        quick.add(new Reference.QuickCommand(string(), string(), string(), string(), bool()));
      }
      n = i32();
      List<Reference.Revision> revisions = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        revisions.add(new Reference.Revision(string(), string(), string(), string()));
      }
      Set<String> environmentReferences = new LinkedHashSet<>(strings());
      if (at != b.length) {
        throw new IllegalArgumentException("bytes after the model");
      }
      return new Runbook(id, title, version, file, fingerprint, zone, environments, defaultEnvironment, variables,
          log, cadences, choice, emergencies, rollbacks, calendar, windows, quick, revisions, environmentReferences);
    }

    private static Optional<Due> due(Optional<String> name) {
      return name.isPresent() ? Optional.of(Due.valueOf(name.get())) : Optional.empty();
    }

    private List<Section> sections() {
      int n = i32();
      List<Section> sections = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        sections.add(new Section(string(), string(), string(), bool(), table(), steps(), sections()));
      }
      return sections;
    }

    private List<Step> steps() {
      int n = i32();
      List<Step> steps = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String id = string();
        String title = string();
        String details = string();
        Action action = action();
        When when = bool() ? When.ALWAYS : when();
        boolean confirm = bool();
        boolean required = bool();
        boolean always = bool();
        boolean readonly = bool();
        Optional<String> window = optString();
        Optional<DataTable> data = table();
        Position position = new Position(file, i32(), i32());
        Optional<Step.Ask> ask = bool()
            ? Optional.of(new Step.Ask(string(), string(), optString(), optString())) : Optional.empty();
        Optional<Action.Run> show = bool() ? Optional.of((Action.Run) action()) : Optional.empty();
        steps.add(new Step(id, title, details, action, when, confirm, required, always, readonly, window, data,
            position, ask, show));
      }
      return steps;
    }

    private When when() {
      int months = i32();
      Set<Integer> monthSet = new LinkedHashSet<>();
      for (int m = 0; m < months; m++) {
        monthSet.add(i32());
      }
      return new When(monthSet, new LinkedHashSet<>(strings()), strings(), new LinkedHashSet<>(strings()),
          bool() ? Optional.of(new When.FactTest(string(), optString(), optString())) : Optional.empty());
    }

    private Action action() {
      int tag = u8();
      switch (tag) {
        case MANUAL:
          return new Action.Manual();
        case RUN: {
          String command = string();
          int codes = i32();
          List<Integer> expectExit = new ArrayList<>(codes);
          for (int i = 0; i < codes; i++) {
            expectExit.add(i32());
          }
          return new Action.Run(command, expectExit, i64(), optString(), optString(), stringMap(), optString(),
              optString(), string(), plainMap(), stringMap());
        }
        case HTTP:
          return new Action.Http(string(), string(), stringMap(), strings(), plainMap(), optString(), bool(),
              i64(), optInt(), optInt(), optString(), optLong(), i64(), i32(), i64());
        case TLS:
          return new Action.Tls(string(), string(), optString(), optString(), i32(), i32(), optString(),
              bool(), optString(), i64(), nextRun());
        case CERT:
          return new Action.Cert(string(), i32(), i32(), nextRun());
        default:
          throw new IllegalArgumentException("unknown action tag " + tag);
      }
    }

    private Optional<NextRun> nextRun() {
      Optional<String> cadence = optString();
      int margin = i32();
      return cadence.isPresent() ? Optional.of(new NextRun(cadence.get(), margin)) : Optional.empty();
    }

    private Optional<DataTable> table() {
      if (!bool()) {
        return Optional.empty();
      }
      List<String> columns = strings();
      int n = i32();
      List<List<String>> rows = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        rows.add(strings());
      }
      return Optional.of(new DataTable(columns, rows));
    }

    private Optional<LocalTime> time() {
      long nanos = i64();
      return nanos < 0 ? Optional.empty() : Optional.of(LocalTime.ofNanoOfDay(nanos));
    }

    private OptionalInt optInt() {
      boolean present = bool();
      int value = i32();
      return present ? OptionalInt.of(value) : OptionalInt.empty();
    }

    private OptionalLong optLong() {
      boolean present = bool();
      long value = i64();
      return present ? OptionalLong.of(value) : OptionalLong.empty();
    }

    private Map<String, Object> plainMap() {
      int n = i32();
      Map<String, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        map.put(string(), plain());
      }
      return map;
    }

    private Object plain() {
      int tag = u8();
      switch (tag) {
        case NULL:
          return null;
        case STRING:
          return string();
        case LONG:
          return i64();
        case DOUBLE:
          return Double.longBitsToDouble(i64());
        case BOOLEAN:
          return bool();
        case BIG:
          return new java.math.BigInteger(string());
        case LIST: {
          int n = i32();
          List<Object> list = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            list.add(plain());
          }
          return list;
        }
        case MAP:
          return plainMap();
        default:
          throw new IllegalArgumentException("unknown value tag " + tag);
      }
    }

    private Map<String, String> stringMap() {
      int n = i32();
      Map<String, String> map = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        map.put(string(), string());
      }
      return map;
    }

    private List<String> strings() {
      int n = i32();
      List<String> strings = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        strings.add(string());
      }
      return strings;
    }

    private Optional<String> optString() {
      return bool() ? Optional.of(string()) : Optional.empty();
    }

    private String string() {
      int length = i32();
      String s = new String(b, at, length, StandardCharsets.UTF_8);
      at += length;
      return s;
    }
  }
}
