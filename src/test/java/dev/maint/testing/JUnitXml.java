package dev.maint.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** JUnit XML in tests: validation against {@code src/test/resources/junit.xsd}, and lookups. */
public final class JUnitXml {
  private JUnitXml() {}

  /**
   * Validates the document against the project's JUnit schema.
   *
   * @throws SAXException with the line and column of the first problem
   */
  public static void validate(String xml) throws SAXException, IOException {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    URL xsd = JUnitXml.class.getResource("/junit.xsd");
    Schema schema = factory.newSchema(xsd);
    schema.newValidator().validate(new StreamSource(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
  }

  /** Parses the document (namespace-unaware, no external entities). */
  public static Document parse(String xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new AssertionError("not well-formed XML: " + e.getMessage(), e);
    }
  }

  /** Every element with this tag name, in document order. */
  public static List<Element> elements(Document doc, String tag) {
    NodeList nodes = doc.getElementsByTagName(tag);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
  }

  /** The test case whose name ends with {@code (stepId)}. */
  public static Element testcase(Document doc, String stepId) {
    return elements(doc, "testcase").stream()
        .filter(e -> e.getAttribute("name").endsWith("(" + stepId + ")"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no testcase for step " + stepId));
  }

  /** The name of the case's outcome child (skipped, failure, error), or {@code passed}. */
  public static String outcome(Element testcase) {
    for (String tag : List.of("skipped", "failure", "error")) {
      if (testcase.getElementsByTagName(tag).getLength() > 0) {
        return tag;
      }
    }
    return "passed";
  }

  /** The first child element with this tag. */
  public static Element child(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    if (nodes.getLength() == 0) {
      throw new AssertionError("no <" + tag + "> in <" + parent.getTagName() + " name=" + parent.getAttribute("name") + ">");
    }
    return (Element) nodes.item(0);
  }
}
