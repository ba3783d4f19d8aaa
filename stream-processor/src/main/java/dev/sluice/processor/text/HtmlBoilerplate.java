package dev.sluice.processor.text;

import java.util.Locale;
import java.util.Set;
import org.jsoup.nodes.Element;

/**
 * Decides which HTML elements are not content: scripts and styles, embedded objects, form controls, navigation,
 * page headers and footers, hidden elements, permalink anchors and cookie banners. Each rule is cheap (tag, a few
 * attributes, at most a walk up the ancestors), because it runs for every element of every page.
 */
final class HtmlBoilerplate {

    /** Elements whose content is never readable text, or is never the page's own text. */
    private static final Set<String> DROPPED_TAGS = Set.of(
            "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset", "object",
            "embed", "canvas", "audio", "video", "map", "head", "title", "meta", "link", "base",
            "input", "select", "option", "optgroup", "textarea", "button", "datalist", "output", "progress", "meter",
            "nav");

    /** ARIA landmark roles of site chrome: menus, the site banner, the site footer, the search box. */
    private static final Set<String> DROPPED_ROLES = Set.of("navigation", "banner", "contentinfo", "search");

    /** Text of the "¶"/"#" links a documentation generator puts next to every heading. */
    private static final Set<String> PERMALINK_TEXTS = Set.of("¶", "#", "§", "\uD83D\uDD17");

    /** Words in the id or class of consent pop-ups, as the common consent managers and themes name them. */
    private static final String[] COOKIE_MARKERS = {"cookie", "consent", "gdpr", "onetrust", "cookiebot"};

    /** A cookie banner is short: a longer element with such a name is more likely an article about cookies. */
    private static final int COOKIE_BANNER_MAX_CHARS = 3_000;

    private HtmlBoilerplate() {}

    /** Whether the element and everything in it should be left out. */
    static boolean isDropped(Element el) {
        String tag = el.normalName();
        if (DROPPED_TAGS.contains(tag)) {
            return true;
        }
        if (el.hasAttr("hidden") || "true".equalsIgnoreCase(el.attr("aria-hidden").trim())) {
            return true;
        }
        String role = el.attr("role").trim().toLowerCase(Locale.ROOT);
        if (!role.isEmpty() && DROPPED_ROLES.contains(role)) {
            return true;
        }
        if (el.hasAttr("style") && isHiddenByStyle(el.attr("style"))) {
            return true;
        }
        if ((tag.equals("header") || tag.equals("footer")) && !isInsideContent(el)) {
            return true;
        }
        if (tag.equals("a") && isPermalink(el)) {
            return true;
        }
        return isCookieBanner(el, tag);
    }

    /** Whether the element is the page's main content: {@code <main>}, {@code role=main} or {@code <article>}. */
    static boolean isContentRoot(Element el) {
        String tag = el.normalName();
        return tag.equals("main") || tag.equals("article") || "main".equalsIgnoreCase(el.attr("role").trim());
    }

    private static boolean isInsideContent(Element el) {
        for (Element p = el.parent(); p != null; p = p.parent()) {
            if (isContentRoot(p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHiddenByStyle(String style) {
        String compact = style.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
        return compact.contains("display:none") || compact.contains("visibility:hidden");
    }

    private static boolean isPermalink(Element a) {
        return a.attr("href").startsWith("#") && PERMALINK_TEXTS.contains(a.text().trim());
    }

    private static boolean isCookieBanner(Element el, String tag) {
        if (tag.equals("html") || tag.equals("body") || isContentRoot(el)) {
            return false;
        }
        String names = (el.id() + " " + el.className()).toLowerCase(Locale.ROOT);
        for (String marker : COOKIE_MARKERS) {
            if (names.contains(marker)) {
                return el.text().length() <= COOKIE_BANNER_MAX_CHARS;
            }
        }
        return false;
    }
}
