package org.tryvoha.cap;

import java.util.ArrayList;
import java.util.List;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.w3c.dom.Document;

/**
 * Reads an untrusted CAP message: safe parse ({@link SafeXml}, refusals are 400), then the OASIS
 * schema of its version and the spec rules the schema cannot express ({@link CapRules}); every
 * problem found is reported together (422). CAP 1.1 is accepted and read as 1.2. Thread-safe.
 */
public final class CapReader {
    private CapReader() {}

    /** A message that passed every check, with its document (kept for signature verification). */
    public record Parsed(Document document, CapMessage message) {}

    /** The outcome of {@link #check}: either a parsed message, or the reason it is refused. */
    public record Report(Parsed parsed, boolean hostile, List<FieldError> problems) {
        public boolean valid() {
            return parsed != null;
        }
    }

    /** Parses and validates; throws a 400 problem for unsafe or malformed XML and a 422 listing every broken rule. */
    public static Parsed read(byte[] xml) {
        Report r = check(xml);
        if (r.valid()) return r.parsed();
        if (r.hostile())
            throw new ProblemException(
                    ErrorCode.MALFORMED_REQUEST, r.problems().get(0).message());
        FieldError first = r.problems().get(0);
        String detail = r.problems().size() == 1
                ? "the CAP message is invalid at " + first.field() + ": " + first.message()
                : "the CAP message breaks " + r.problems().size()
                        + " rules of CAP 1.2 (see errors; each names the element's path)";
        throw new ProblemException(ErrorCode.INVALID, detail, r.problems());
    }

    /** Every problem of the document, without throwing (for {@code cap validate}). */
    public static Report check(byte[] xml) {
        Document doc;
        try {
            doc = SafeXml.parse(xml);
        } catch (SafeXml.Hostile e) {
            return new Report(null, true, List.of(new FieldError("/", e.getMessage())));
        }
        List<FieldError> problems = new ArrayList<>(
                CapSchemas.validate(xml, doc.getDocumentElement().getNamespaceURI()));
        problems.addAll(CapRules.check(doc.getDocumentElement()));
        if (!problems.isEmpty()) return new Report(null, false, problems);
        return new Report(new Parsed(doc, CapMessage.of(doc.getDocumentElement())), false, List.of());
    }
}
