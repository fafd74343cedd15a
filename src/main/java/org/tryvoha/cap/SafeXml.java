package org.tryvoha.cap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Parses untrusted CAP documents without the classic XML attacks: no DTD at all (so no external
 * entities, no entity expansion, no billion laughs), no external schema or stylesheet access, an
 * element-depth limit, an attribute count limit, a length limit on attribute values, and only the
 * CAP 1.2, CAP 1.1 and XML-DSig namespaces. The caller bounds the document's size in bytes.
 *
 * <p>Thread-safe: the factories are configured once and only create parsers afterwards.
 */
public final class SafeXml {
    /** The parser features both parsers get: no DTD, no external entities or DTDs, secure processing. */
    private static final Map<String, Boolean> SAFE_FEATURES = Map.of(
            XMLConstants.FEATURE_SECURE_PROCESSING,
            true,
            "http://apache.org/xml/features/disallow-doctype-decl",
            true,
            "http://xml.org/sax/features/external-general-entities",
            false,
            "http://xml.org/sax/features/external-parameter-entities",
            false,
            "http://apache.org/xml/features/nonvalidating/load-external-dtd",
            false);

    public static final String CAP12 = "urn:oasis:names:tc:emergency:cap:1.2";
    public static final String CAP11 = "urn:oasis:names:tc:emergency:cap:1.1";
    public static final String DSIG = XMLSignature.XMLNS;
    /** XML Signature 1.1 (e.g. ECKeyValue), only inside a signature. */
    public static final String DSIG11 = "http://www.w3.org/2009/xmldsig11#";
    /** Deep enough for a CAP alert with an XML signature (alert/Signature/SignedInfo/Reference/Transforms/Transform/XPath). */
    public static final int MAX_DEPTH = 24;
    /** CAP elements have no attributes; signatures have a few short ones. */
    public static final int MAX_ATTRIBUTE_CHARS = 2048;

    public static final int MAX_ATTRIBUTES = 16;

    /**
     * xsi:schemaLocation hints, which real-world messages carry and XML Schema allows on any element;
     * only a hint: the bundled schema is what validates, nothing is fetched.
     */
    private static final Set<String> SCHEMA_HINTS = Set.of("schemaLocation", "noNamespaceSchemaLocation");

    private static final Set<String> ELEMENT_NAMESPACES = Set.of(CAP12, CAP11, DSIG);
    private static final DocumentBuilderFactory DOM = domFactory();
    private static final SAXParserFactory SAX = saxFactory();

    private SafeXml() {}

    /** A document that was refused before it was read: the reason names the line when known. */
    public static final class Hostile extends Exception {
        public Hostile(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses and checks the structure; throws {@link Hostile} for anything unsafe or not well-formed. */
    public static Document parse(byte[] xml) throws Hostile {
        Document doc;
        try {
            DocumentBuilder b = DOM.newDocumentBuilder();
            b.setErrorHandler(SILENT);
            b.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed (" + systemId + ")");
            });
            doc = b.parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            throw new Hostile(where(e) + reason(e.getMessage()));
        } catch (SAXException | IOException e) {
            throw new Hostile("the document is not well-formed XML: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        Element root = doc.getDocumentElement();
        if (!"alert".equals(root.getLocalName())
                || !(CAP12.equals(root.getNamespaceURI()) || CAP11.equals(root.getNamespaceURI()))) {
            throw new Hostile(
                    "the root element must be <alert xmlns=\"" + CAP12 + "\"> (or the CAP 1.1 namespace), got <"
                            + root.getNodeName() + "> in namespace " + root.getNamespaceURI());
        }
        check(root, root.getNamespaceURI(), "/alert");
        return doc;
    }

    /** A namespace-aware SAX reader with the same protections, for schema validation with line numbers. */
    static XMLReader reader() {
        try {
            XMLReader r = SAX.newSAXParser().getXMLReader();
            r.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed (" + systemId + ")");
            });
            return r;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(Element e, String capNs, String path) throws Hostile {
        String ns = e.getNamespaceURI();
        boolean inSignature = path.contains("/Signature/") && DSIG11.equals(ns);
        if (!inSignature
                && (ns == null || !ELEMENT_NAMESPACES.contains(ns) || (!ns.equals(DSIG) && !ns.equals(capNs)))) {
            throw new Hostile(path + ": element <" + e.getNodeName() + "> is in namespace " + ns
                    + "; only the CAP namespace of the root (" + capNs + ") and XML-DSig (" + DSIG + ") are accepted");
        }
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            String ans = a.getNamespaceURI();
            boolean schemaHint =
                    XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI.equals(ans) && SCHEMA_HINTS.contains(a.getLocalName());
            if (ans != null
                    && !schemaHint
                    && !ans.equals(XMLConstants.XMLNS_ATTRIBUTE_NS_URI)
                    && !ans.equals(XMLConstants.XML_NS_URI)) {
                throw new Hostile(
                        path + ": attribute " + a.getName() + " is in namespace " + ans + ", which CAP does not use");
            }
            if (a.getValue().length() > MAX_ATTRIBUTE_CHARS) {
                throw new Hostile(path + ": attribute " + a.getName() + " is "
                        + a.getValue().length() + " characters long; at most " + MAX_ATTRIBUTE_CHARS
                        + " are accepted (CAP elements carry their data as text, not attributes)");
            }
        }
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) check(child, capNs, path + "/" + child.getLocalName());
        }
    }

    private static String where(SAXParseException e) {
        return e.getLineNumber() > 0 ? "line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " : "";
    }

    private static String reason(String m) {
        if (m != null && m.contains("DOCTYPE")) {
            return "a DOCTYPE is not allowed in a CAP message (no DTDs, no entity declarations): " + m;
        }
        return "the document was refused: " + m;
    }

    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private static DocumentBuilderFactory domFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        try {
            for (Map.Entry<String, Boolean> e : SAFE_FEATURES.entrySet()) f.setFeature(e.getKey(), e.getValue());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be made safe", e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setAttribute("jdk.xml.maxElementDepth", Integer.toString(MAX_DEPTH));
        f.setAttribute("jdk.xml.elementAttributeLimit", Integer.toString(MAX_ATTRIBUTES));
        f.setAttribute("jdk.xml.entityExpansionLimit", "1");
        return f;
    }

    private static SAXParserFactory saxFactory() {
        SAXParserFactory f = SAXParserFactory.newInstance();
        f.setNamespaceAware(true);
        f.setXIncludeAware(false);
        try {
            for (Map.Entry<String, Boolean> e : SAFE_FEATURES.entrySet()) f.setFeature(e.getKey(), e.getValue());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the XML parser cannot be made safe", e);
        }
        return f;
    }
}
