package io.refcheck.report;

/** Escaping for text and attribute values in HTML and inline SVG. */
final class Html {
    private Html() {
    }

    /** Text content: &amp;, &lt; and &gt; escaped. */
    static String text(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** An attribute value inside double quotes. */
    static String attr(String s) {
        return text(s).replace("\"", "&quot;");
    }

    /** A fragment identifier made of the id's own characters (catalog ids are [a-z0-9_]). */
    static String anchor(String prefix, String s) {
        return prefix + s.replaceAll("[^A-Za-z0-9_-]", "-");
    }
}
