package org.tryvoha.cap;

import java.io.ByteArrayOutputStream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** A small indenting XML writer over StAX (which escapes text), for the CAP and Atom documents. */
final class Xml {
    private static final XMLOutputFactory OUT = XMLOutputFactory.newFactory();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    private final XMLStreamWriter w;
    private int depth;

    Xml(String rootNamespace, String root) {
        try {
            w = OUT.createXMLStreamWriter(bytes, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement(root);
            w.writeDefaultNamespace(rootNamespace);
            depth = 1;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    Xml open(String name) {
        try {
            indent();
            w.writeStartElement(name);
            depth++;
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    Xml close() {
        try {
            depth--;
            indent();
            w.writeEndElement();
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code <name>text</name>}; nothing when text is null. */
    Xml leaf(String name, String text) {
        if (text == null) return this;
        try {
            indent();
            w.writeStartElement(name);
            w.writeCharacters(xmlChars(text));
            w.writeEndElement();
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An empty element with attributes given as name, value, name, value ... */
    Xml empty(String name, String... attrs) {
        try {
            indent();
            w.writeEmptyElement(name);
            for (int i = 0; i < attrs.length; i += 2)
                if (attrs[i + 1] != null) w.writeAttribute(attrs[i], attrs[i + 1]);
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private void indent() throws XMLStreamException {
        w.writeCharacters("\n" + "  ".repeat(depth));
    }

    /** Ends the root element and the document; returns the UTF-8 bytes. */
    byte[] finish() {
        try {
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
            bytes.write('\n');
            return bytes.toByteArray();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** XML 1.0 cannot carry most control characters: they become U+FFFD. */
    static String xmlChars(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 0x20 ? c != 0xFFFE && c != 0xFFFF : c == '\n' || c == '\t' || c == '\r';
            if (!ok && sb == null) sb = new StringBuilder(s.substring(0, i));
            if (sb != null) sb.append(ok ? c : '\uFFFD');
        }
        return sb == null ? s : sb.toString();
    }
}
