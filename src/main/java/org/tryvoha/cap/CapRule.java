package org.tryvoha.cap;

/**
 * The rules of OASIS CAP 1.2 (§3, with the 2010 specification's errata) that Tryvoha checks beyond
 * the XML schema, each with a stable id that {@code cap validate}, the 422 problem's messages and
 * docs/cap.md's rule table use. An {@link Level#ERROR} refuses the message (the specification says
 * MUST, SHALL or REQUIRED, or the value cannot mean anything); a {@link Level#WARNING} is reported
 * but never refuses (SHOULD, or a constraint the specification states loosely).
 */
public enum CapRule {
    XML_SAFE("xml-safe", "§3.4, Tryvoha", Level.ERROR, "no DTD, depth, attribute and namespace limits"),
    SCHEMA("schema", "§3.4", Level.ERROR, "the OASIS CAP 1.2 (or 1.1) XML schema"),
    IDENTIFIER_CHARS("identifier-chars", "§3.2.1 identifier", Level.ERROR, "no spaces, commas, < or &"),
    SENDER_CHARS("sender-chars", "§3.2.1 sender", Level.ERROR, "no spaces, commas, < or &"),
    DATETIME("datetime", "§3.3.2", Level.ERROR, "YYYY-MM-DDThh:mm:ss±hh:mm, a real date, no Z"),
    DATETIME_UTC("datetime-utc", "§3.3.2", Level.WARNING, "UTC is written -00:00, not +00:00"),
    REFERENCES_REQUIRED(
            "references-required", "§3.2.1 msgType", Level.ERROR, "Update, Cancel, Ack and Error name references"),
    REFERENCES_FORMAT("references-format", "§3.2.1 references", Level.ERROR, "space-separated sender,identifier,sent"),
    REFERENCES_SELF("references-self", "§3.2.1 references", Level.ERROR, "a message does not reference itself"),
    REFERENCES_POSTDATED(
            "references-postdated", "§3.2.1 references", Level.WARNING, "referenced messages are earlier ones"),
    RESTRICTION_SCOPE("restriction-scope", "§3.2.1 restriction", Level.ERROR, "restriction only with scope Restricted"),
    RESTRICTED_NEEDS_RESTRICTION(
            "restricted-restriction", "§3.2.1 scope", Level.WARNING, "scope Restricted says who in restriction"),
    PRIVATE_NEEDS_ADDRESSES("private-addresses", "§3.2.1 addresses", Level.ERROR, "scope Private requires addresses"),
    QUOTED_LIST("quoted-list", "§3.2.1 addresses, incidents", Level.ERROR, "items with spaces in double quotes"),
    LANGUAGE("language", "§3.2.2 language", Level.ERROR, "an RFC 3066 language tag"),
    WEB_ABSOLUTE("web-absolute", "§3.2.2 web", Level.ERROR, "a full absolute URI"),
    MIME_TYPE("mime-type", "§3.2.3 mimeType", Level.ERROR, "type/subtype per RFC 2046"),
    URI_SYNTAX("uri-syntax", "§3.2.3 uri", Level.ERROR, "an RFC 3986 URI"),
    URI_RELATIVE("uri-relative", "§3.2.3 uri", Level.ERROR, "a relative uri only to name a derefUri"),
    DEREF_BASE64("deref-base64", "§3.2.3 derefUri", Level.ERROR, "base64 (RFC 2045) content"),
    DIGEST_SHA1("digest-sha1", "§3.2.3 digest", Level.WARNING, "an SHA-1 digest: 40 hexadecimal digits"),
    POLYGON_PAIRS("polygon-pairs", "§3.2.4 polygon", Level.ERROR, "at least 4 coordinate pairs"),
    POLYGON_CLOSED("polygon-closed", "§3.2.4 polygon", Level.ERROR, "the first and last pairs are the same"),
    COORDINATES("coordinates", "§3.2.4 WGS 84 note", Level.ERROR, "lat,lon in decimal degrees, in range"),
    CIRCLE_FORMAT("circle-format", "§3.2.4 circle", Level.ERROR, "lat,lon then a space and a radius"),
    CIRCLE_RADIUS("circle-radius", "§3.2.4 circle", Level.ERROR, "a radius in km, 0 or more"),
    CEILING_NEEDS_ALTITUDE("ceiling-altitude", "§3.2.4 ceiling", Level.ERROR, "ceiling only with altitude"),
    ALTITUDE_RANGE("altitude-range", "§3.2.4 altitude", Level.ERROR, "altitude (the lower limit) ≤ ceiling"),
    SIGNATURE("signature", "§3.3.4, XML-DSig", Level.ERROR, "a signature that can be checked is intact"),
    SIGNATURE_UNVERIFIED(
            "signature-unverified",
            "§3.3.4",
            Level.WARNING,
            "a signature MAY be carried; one not checkable here is noted");

    /** Whether a broken rule refuses the message. */
    public enum Level {
        ERROR,
        WARNING
    }

    public final String id;
    public final String spec;
    public final Level level;
    public final String summary;

    CapRule(String id, String spec, Level level, String summary) {
        this.id = id;
        this.spec = spec;
        this.level = level;
        this.summary = summary;
    }

    /** One broken rule at an element path, e.g. {@code /alert/info[1]/area[1]/polygon[1]}. */
    public record Finding(CapRule rule, String path, String message) {
        public boolean error() {
            return rule.level == Level.ERROR;
        }

        /** As the 422 problem lists it: the message led by the rule id. */
        public org.tryvoha.error.ProblemException.FieldError fieldError() {
            return new org.tryvoha.error.ProblemException.FieldError(path, "[" + rule.id + "] " + message);
        }
    }
}
