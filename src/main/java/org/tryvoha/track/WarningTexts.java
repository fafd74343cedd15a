package org.tryvoha.track;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.event.AlertType;

/**
 * The texts of the engine's automatic alerts, in the country's languages (the {@code languages}
 * setting), from the bundles {@code track/warnings_<language>.properties}. A language without a
 * bundle is replaced by English, once, with a log line. Immutable and thread-safe.
 */
final class WarningTexts {
    private static final Logger log = LoggerFactory.getLogger(WarningTexts.class);
    static final String BUNDLE = "track.warnings";
    private static final ResourceBundle.Control EXACT =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Map<String, ResourceBundle> bundles = new LinkedHashMap<>();

    WarningTexts(List<String> languages) {
        for (String lang : languages) {
            ResourceBundle b = bundle(lang);
            if (b == null) {
                log.warn(
                        "no automatic warning texts for language '{}' (setting languages): English is used instead",
                        lang);
                lang = "en";
                b = bundle(lang);
            }
            bundles.putIfAbsent(lang, b);
        }
    }

    /** The languages the texts come in, in order. */
    List<String> languages() {
        return new ArrayList<>(bundles.keySet());
    }

    /** language → text of an automatic alert of this type. */
    Map<String, String> message(AlertType type) {
        Map<String, String> out = new LinkedHashMap<>();
        bundles.forEach((lang, b) -> out.put(
                lang,
                type == AlertType.EARLY_WARNING
                        ? b.getString("early_warning")
                        : b.getString("take_cover").replace("{type}", title(lang, b, type))));
        return out;
    }

    /** The type's name: the bundle's {@code type.<wire>}, else the built-in Ukrainian or English title. */
    private static String title(String lang, ResourceBundle b, AlertType type) {
        String key = "type." + type.wire();
        if (b.containsKey(key)) return b.getString(key);
        return lang.equals("uk") ? type.titleUk : type.titleEn;
    }

    private static ResourceBundle bundle(String lang) {
        try {
            return ResourceBundle.getBundle(
                    BUNDLE, Locale.forLanguageTag(lang), WarningTexts.class.getClassLoader(), EXACT);
        } catch (MissingResourceException e) {
            return null;
        }
    }
}
