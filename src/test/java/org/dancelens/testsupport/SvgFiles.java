package org.dancelens.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** SVG files read back as XML (offline: the DTD the document names is not fetched). */
public final class SvgFiles {
    private SvgFiles() {
    }

    /** The file parsed as XML; throws when it is not well-formed. */
    public static Document parse(Path svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(svg.toFile());
    }

    /** The text of every {@code <text>} element, in document order. */
    public static List<String> texts(Document svg) {
        List<String> out = new ArrayList<>();
        NodeList t = svg.getElementsByTagName("text");
        for (int i = 0; i < t.getLength(); i++) {
            out.add(t.item(i).getTextContent());
        }
        return out;
    }
}
