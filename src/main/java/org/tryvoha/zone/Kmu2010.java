package org.tryvoha.zone;

import java.util.Locale;
import java.util.Map;

/**
 * Ukrainian → Latin romanisation by the official table of the Cabinet of Ministers (KMU resolution
 * No. 55 of 27.01.2010), the one used for Ukrainian passports and road signs.
 *
 * <p>Є, Ї, Й, Ю, Я are "Ye, Yi, Y, Yu, Ya" at the start of a word and "ie, i, i, iu, ia" elsewhere;
 * "зг" is "zgh" (to tell it from "zh" = ж); the soft sign and apostrophes are dropped. A letter
 * after a hyphen or space starts a word; one after an apostrophe does not. Characters outside
 * the Ukrainian alphabet pass through unchanged. Thread-safe.
 */
public final class Kmu2010 {
    private static final Map<Character, String> PLAIN = Map.ofEntries(
            Map.entry('а', "a"),
            Map.entry('б', "b"),
            Map.entry('в', "v"),
            Map.entry('г', "h"),
            Map.entry('ґ', "g"),
            Map.entry('д', "d"),
            Map.entry('е', "e"),
            Map.entry('є', "ie"),
            Map.entry('ж', "zh"),
            Map.entry('з', "z"),
            Map.entry('и', "y"),
            Map.entry('і', "i"),
            Map.entry('ї', "i"),
            Map.entry('й', "i"),
            Map.entry('к', "k"),
            Map.entry('л', "l"),
            Map.entry('м', "m"),
            Map.entry('н', "n"),
            Map.entry('о', "o"),
            Map.entry('п', "p"),
            Map.entry('р', "r"),
            Map.entry('с', "s"),
            Map.entry('т', "t"),
            Map.entry('у', "u"),
            Map.entry('ф', "f"),
            Map.entry('х', "kh"),
            Map.entry('ц', "ts"),
            Map.entry('ч', "ch"),
            Map.entry('ш', "sh"),
            Map.entry('щ', "shch"),
            Map.entry('ь', ""),
            Map.entry('ю', "iu"),
            Map.entry('я', "ia"));
    private static final Map<Character, String> INITIAL = Map.of('є', "ye", 'ї', "yi", 'й', "y", 'ю', "yu", 'я', "ya");

    private Kmu2010() {}

    public static String romanize(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isApostrophe(c)) continue;
            char lower = Character.toLowerCase(c);
            String latin = PLAIN.get(lower);
            if (latin == null) {
                out.append(c);
                continue;
            }
            if (startsWord(text, i) && INITIAL.containsKey(lower)) latin = INITIAL.get(lower);
            else if (lower == 'г' && i > 0 && Character.toLowerCase(text.charAt(i - 1)) == 'з') latin = "gh";
            out.append(Character.isUpperCase(c) ? withCase(latin, text, i) : latin);
        }
        return out.toString();
    }

    private static boolean startsWord(String text, int i) {
        if (i == 0) return true;
        char prev = text.charAt(i - 1);
        return !Character.isLetter(prev) && !isApostrophe(prev);
    }

    static boolean isApostrophe(char c) {
        return c == '\'' || c == '’' || c == 'ʼ' || c == '`' || c == '‘';
    }

    /** Capitalised ("Zh"), or all capitals ("ZH") when the word around it is in capitals. */
    private static String withCase(String latin, String text, int i) {
        if (latin.isEmpty()) return latin;
        boolean nextUpper = i + 1 < text.length() && Character.isUpperCase(text.charAt(i + 1));
        boolean prevUpper = i > 0 && Character.isUpperCase(text.charAt(i - 1));
        if (nextUpper || prevUpper) return latin.toUpperCase(Locale.ROOT);
        return Character.toUpperCase(latin.charAt(0)) + latin.substring(1);
    }
}
