package org.tryvoha.cap;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The parts of a CAP 1.2 (or upgraded 1.1) {@code <alert>} that Tryvoha uses, read from a
 * document that passed {@link SafeXml}. Text is trimmed; absent optional elements are null or
 * empty lists. Each part keeps its element path for error messages.
 */
public record CapMessage(
        String version,
        String identifier,
        String sender,
        String sent,
        String status,
        String msgType,
        String scope,
        String references,
        List<Info> infos,
        boolean signed) {

    /** One {@code <info>} block; {@code path} is e.g. {@code /alert/info[2]}. */
    public record Info(
            String path,
            String language,
            List<String> categories,
            String event,
            List<Pair> eventCodes,
            String expires,
            String headline,
            String description,
            String instruction,
            List<CapArea> areas) {}

    /** One {@code <area>}: its description, polygons, circles and geocodes, each with its path. */
    public record CapArea(
            String path, String desc, List<Located> polygons, List<Located> circles, List<Pair> geocodes) {}

    /** A valueName/value pair ({@code eventCode}, {@code geocode}, {@code parameter}). */
    public record Pair(String path, String name, String value) {}

    /** An element's text and path. */
    public record Located(String path, String text) {}

    /** Reads the message from its root element (namespace already checked). */
    static CapMessage of(Element alert) {
        String ns = alert.getNamespaceURI();
        List<Info> infos = new ArrayList<>();
        List<Element> infoEls = children(alert, "info");
        for (int i = 0; i < infoEls.size(); i++) infos.add(info(infoEls.get(i), "/alert/info[" + (i + 1) + "]"));
        boolean signed = !children(alert, SafeXml.DSIG, "Signature").isEmpty();
        return new CapMessage(
                SafeXml.CAP11.equals(ns) ? "1.1" : "1.2",
                text(alert, "identifier"),
                text(alert, "sender"),
                text(alert, "sent"),
                text(alert, "status"),
                text(alert, "msgType"),
                text(alert, "scope"),
                text(alert, "references"),
                infos,
                signed);
    }

    private static Info info(Element e, String path) {
        List<String> cats =
                children(e, "category").stream().map(CapMessage::text).toList();
        List<Element> areaEls = children(e, "area");
        List<CapArea> areas = new ArrayList<>();
        for (int i = 0; i < areaEls.size(); i++) {
            Element a = areaEls.get(i);
            String ap = path + "/area[" + (i + 1) + "]";
            areas.add(new CapArea(
                    ap,
                    text(a, "areaDesc"),
                    located(a, "polygon", ap),
                    located(a, "circle", ap),
                    pairs(a, "geocode", ap)));
        }
        String lang = text(e, "language");
        return new Info(
                path,
                lang == null ? "en-US" : lang,
                cats,
                text(e, "event"),
                pairs(e, "eventCode", path),
                text(e, "expires"),
                text(e, "headline"),
                text(e, "description"),
                text(e, "instruction"),
                areas);
    }

    private static List<Located> located(Element parent, String name, String path) {
        List<Element> els = children(parent, name);
        List<Located> out = new ArrayList<>();
        for (int i = 0; i < els.size(); i++)
            out.add(new Located(path + "/" + name + "[" + (i + 1) + "]", text(els.get(i))));
        return out;
    }

    private static List<Pair> pairs(Element parent, String name, String path) {
        List<Element> els = children(parent, name);
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < els.size(); i++) {
            out.add(new Pair(
                    path + "/" + name + "[" + (i + 1) + "]", text(els.get(i), "valueName"), text(els.get(i), "value")));
        }
        return out;
    }

    /** Child elements in the parent's own namespace with this local name, in order. */
    static List<Element> children(Element parent, String local) {
        return children(parent, parent.getNamespaceURI(), local);
    }

    static List<Element> children(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element el && local.equals(el.getLocalName()) && ns.equals(el.getNamespaceURI()))
                out.add(el);
        }
        return out;
    }

    /** The trimmed text of the first child with this name, or null. */
    static String text(Element parent, String local) {
        List<Element> c = children(parent, local);
        return c.isEmpty() ? null : text(c.get(0));
    }

    static String text(Element e) {
        return e.getTextContent().strip();
    }
}
