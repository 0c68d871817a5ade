package dev.maint.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nu.validator.validation.SimpleDocumentValidator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * The W3C's Nu Html Checker (the validator behind validator.w3.org/nu, from Maven Central), run
 * in-process on files: what it reports as errors, each as {@code FILE:LINE:COLUMN: message}.
 * Warnings and informational notes are not errors.
 */
public final class HtmlChecker {
  private HtmlChecker() {}

  /** The errors the checker finds in the HTML files; empty when they are valid HTML. */
  public static List<String> errors(List<Path> files) throws Exception {
    List<String> errors = new ArrayList<>();
    ErrorHandler handler = new ErrorHandler() {
      private String file = "";

      @Override
      public void warning(SAXParseException e) {
        // Advice ("consider adding a lang attribute"), not an error of the document.
      }

      @Override
      public void error(SAXParseException e) {
        errors.add(where(e) + e.getMessage());
      }

      @Override
      public void fatalError(SAXParseException e) {
        errors.add(where(e) + e.getMessage());
      }

      private String where(SAXParseException e) {
        return (e.getSystemId() == null ? file : e.getSystemId()) + ":" + e.getLineNumber() + ":"
            + e.getColumnNumber() + ": ";
      }
    };
    SimpleDocumentValidator validator = new SimpleDocumentValidator(true, false, false);
    validator.setUpMainSchema("http://s.validator.nu/html5-rdfalite.rnc", handler);
    validator.setUpValidatorAndParsers(handler, true, false);
    for (Path f : files) {
      validator.checkHtmlFile(f.toFile(), true);
    }
    return errors;
  }
}
