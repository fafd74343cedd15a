package org.tryvoha.cap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.ValidatorHandler;
import org.tryvoha.error.ProblemException.FieldError;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Validates a CAP document against the OASIS schema of its version (bundled in {@code /cap}),
 * reporting every schema error with its element path, line and column. The schemas are compiled
 * once; validation is thread-safe.
 */
final class CapSchemas {
    private static final Schema CAP12 = load("/cap/cap12.xsd");
    private static final Schema CAP11 = load("/cap/cap11.xsd");

    private CapSchemas() {}

    /**
     * Every schema error of a document already parsed safely by {@link SafeXml} (so it has no DTD).
     * A CAP 1.1 document is validated without its XML-DSig elements, which the 1.1 schema does not
     * mention.
     */
    static List<FieldError> validate(byte[] xml, String namespace) {
        boolean v11 = SafeXml.CAP11.equals(namespace);
        ValidatorHandler vh = (v11 ? CAP11 : CAP12).newValidatorHandler();
        try {
            // a schemaLocation hint in the message must never make the validator fetch anything
            vh.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            vh.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (SAXException e) {
            throw new IllegalStateException("the schema validator cannot be made safe", e);
        }
        PathTracker tracker = new PathTracker(vh, v11);
        vh.setErrorHandler(tracker);
        XMLReader r = SafeXml.reader();
        r.setContentHandler(tracker);
        r.setErrorHandler(tracker);
        try {
            r.parse(new InputSource(new ByteArrayInputStream(xml)));
        } catch (SAXParseException e) {
            // already recorded by the tracker, with its line and column
        } catch (SAXException | IOException e) {
            tracker.errors.add(new FieldError(tracker.path(), e.getMessage()));
        }
        return tracker.errors;
    }

    private static Schema load(String resource) {
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            URL url = CapSchemas.class.getResource(resource);
            if (url == null) throw new IllegalStateException("missing resource " + resource);
            return f.newSchema(url);
        } catch (SAXException e) {
            throw new IllegalStateException("cannot compile " + resource, e);
        }
    }

    /** Forwards SAX events to the validator while keeping the element path, for error messages. */
    private static final class PathTracker extends XMLFilterImpl implements ErrorHandler {
        final List<FieldError> errors = new ArrayList<>();
        private final Deque<String> path = new ArrayDeque<>();
        private final Deque<Map<String, Integer>> counts = new ArrayDeque<>(List.of(new HashMap<>()));
        private final boolean skipSignature;
        private int skipping;

        PathTracker(ValidatorHandler next, boolean skipSignature) {
            setContentHandler(next);
            this.skipSignature = skipSignature;
        }

        String path() {
            StringBuilder sb = new StringBuilder();
            path.descendingIterator().forEachRemaining(sb::append);
            return sb.isEmpty() ? "/" : sb.toString();
        }

        @Override
        public void startElement(String uri, String local, String qName, Attributes atts) throws SAXException {
            int n = counts.peek().merge(local, 1, Integer::sum);
            path.push(path.isEmpty() ? "/" + local : "/" + local + "[" + n + "]");
            counts.push(new HashMap<>());
            if (skipping > 0 || (skipSignature && SafeXml.DSIG.equals(uri))) {
                skipping++;
                return;
            }
            super.startElement(uri, local, qName, atts);
        }

        @Override
        public void endElement(String uri, String local, String qName) throws SAXException {
            if (skipping > 0) skipping--;
            else super.endElement(uri, local, qName);
            path.pop();
            counts.pop();
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (skipping == 0) super.characters(ch, start, length);
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            if (skipping == 0) super.ignorableWhitespace(ch, start, length);
        }

        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) {
            errors.add(new FieldError(
                    path(), "line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage()));
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            error(e);
            throw e;
        }
    }
}
