package org.tryvoha.cap;

import java.util.ArrayList;
import java.util.List;
import org.tryvoha.cap.CapRule.Finding;
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

    /**
     * The outcome of {@link #check}: either a parsed message, or the reason it is refused; {@code
     * findings} are every broken rule, errors and warnings, in document order (schema first).
     */
    public record Report(Parsed parsed, boolean hostile, List<Finding> findings) {
        public boolean valid() {
            return parsed != null;
        }

        /** The errors, as the 422 problem lists them (each message led by its rule id). */
        public List<FieldError> problems() {
            return findings.stream()
                    .filter(Finding::error)
                    .map(Finding::fieldError)
                    .toList();
        }
    }

    /** Parses and validates; throws a 400 problem for unsafe or malformed XML and a 422 listing every broken rule. */
    public static Parsed read(byte[] xml) {
        Report r = check(xml);
        if (r.valid()) return r.parsed();
        if (r.hostile())
            throw new ProblemException(
                    ErrorCode.MALFORMED_REQUEST, r.findings().get(0).message());
        List<FieldError> problems = r.problems();
        FieldError first = problems.get(0);
        String detail = problems.size() == 1
                ? "the CAP message is invalid at " + first.field() + ": " + first.message()
                : "the CAP message breaks " + problems.size()
                        + " rules of CAP 1.2 (see errors; each names the element's path and the rule)";
        throw new ProblemException(ErrorCode.INVALID, detail, problems);
    }

    /** Every finding of the document, without throwing (for {@code cap validate}). */
    public static Report check(byte[] xml) {
        Document doc;
        try {
            doc = SafeXml.parse(xml);
        } catch (SafeXml.Hostile e) {
            return new Report(null, true, List.of(new Finding(CapRule.XML_SAFE, "/", e.getMessage())));
        }
        List<Finding> findings = new ArrayList<>();
        for (FieldError e : CapSchemas.validate(xml, doc.getDocumentElement().getNamespaceURI()))
            findings.add(new Finding(CapRule.SCHEMA, e.field(), e.message()));
        findings.addAll(CapRules.check(doc.getDocumentElement()));
        if (findings.stream().anyMatch(Finding::error)) return new Report(null, false, findings);
        return new Report(new Parsed(doc, CapMessage.of(doc.getDocumentElement())), false, findings);
    }

    /**
     * {@link #check}, then the signature as {@code cap validate} sees it: under no policy (any present
     * signature that can be checked must be intact; one that cannot is read as unsigned) and with no
     * trusted certificates. A broken signature becomes a {@link CapRule#SIGNATURE} finding.
     */
    public static Report validate(byte[] xml) {
        Report r = check(xml);
        if (!r.valid()) return r;
        try {
            CapSignatures.Verdict v = new CapSignatures(List.of())
                    .check(
                            r.parsed().document(),
                            SignaturePolicy.ALLOW_UNSIGNED,
                            r.parsed().message().sender());
            if (v != CapSignatures.Verdict.UNVERIFIED) return r;
            List<Finding> all = new ArrayList<>(r.findings());
            all.add(new Finding(
                    CapRule.SIGNATURE_UNVERIFIED,
                    "/alert/Signature",
                    "the message carries a signature that cannot be checked here (no key, or an algorithm or shape"
                            + " this server does not verify); it is read as unsigned"));
            return new Report(r.parsed(), false, all);
        } catch (ProblemException e) {
            List<Finding> all = new ArrayList<>(r.findings());
            all.add(new Finding(CapRule.SIGNATURE, "/alert/Signature", e.getMessage()));
            return new Report(null, false, all);
        }
    }
}
