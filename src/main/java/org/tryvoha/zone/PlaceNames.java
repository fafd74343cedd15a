package org.tryvoha.zone;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules that let a place be found by the names people type; documented in docs/zones.md
 * ("Places"). Immutable and thread-safe.
 *
 * <p>{@link #fold}: one key for the spellings of one name, applied to names and queries alike —
 * lower case; diacritics, apostrophes and soft signs dropped (й = и, ї = і, ґ = г, є = е);
 * hyphens as spaces; in Latin text j and y are i; a doubled letter is one, and so is a doubled
 * zh/sh/ch/kh; in a name with Cyrillic letters, Latin look-alikes (I, a, o, ...) are read as
 * Cyrillic. So "Odessa" meets KMU "Odesa", "Zaporizhia" meets "Zaporizhzhia", "Kryvyy Rih"
 * meets "Kryvyi Rih", "Khmelnitsky" meets "Khmelnitskiy".
 *
 * <p>{@link #russianLatin}: the conventional English spelling of a Russian-language name (the
 * BGN/PCGN system as the press used it: ё yo, ж zh, й y, х kh, ц ts, ч ch, ш sh, щ shch, ы y,
 * ю yu, я ya, ъ and ь dropped, е ye at the start of a word and after ъ/ь). Two forms differ after
 * a vowel: е as e (Nikolaev, the press form) and as ye (Nikolayev, strict BGN/PCGN).
 */
public final class PlaceNames {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("[\\s\\-‐–—]+");
    private static final Pattern DOUBLE_DIGRAPH = Pattern.compile("(zh|sh|ch|kh)\\1");
    private static final Pattern DOUBLE_LETTER = Pattern.compile("(\\p{L})\\1+");
    private static final Map<Character, String> RU = Map.ofEntries(
            Map.entry('а', "a"),
            Map.entry('б', "b"),
            Map.entry('в', "v"),
            Map.entry('г', "g"),
            Map.entry('д', "d"),
            Map.entry('е', "e"),
            Map.entry('ё', "yo"),
            Map.entry('ж', "zh"),
            Map.entry('з', "z"),
            Map.entry('и', "i"),
            Map.entry('й', "y"),
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
            Map.entry('ъ', ""),
            Map.entry('ы', "y"),
            Map.entry('ь', ""),
            Map.entry('э', "e"),
            Map.entry('ю', "yu"),
            Map.entry('я', "ya"));
    private static final String LATIN_LOOKALIKES = "ABCEHIKMOPTXaceiopxy";
    private static final String CYRILLIC_LOOKALIKES = "АВСЕНІКМОРТХасеіорху";
    private static final String VOWELS = "аеёиоуыэюяіїє";

    private PlaceNames() {}

    /** The search key of a name or a query (see the class comment). */
    public static String fold(String s) {
        if (s == null) return "";
        String d = Normalizer.normalize(cyrillicLookalikes(s).toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (Kmu2010.isApostrophe(c) || c == 'ь' || c == 'ъ') continue;
            out.append(
                    switch (c) {
                        case 'ґ' -> 'г';
                        case 'є' -> 'е';
                        case 'j', 'y' -> 'i';
                        default -> c;
                    });
        }
        String s1 = MARKS.matcher(out).replaceAll("");
        s1 = DOUBLE_DIGRAPH.matcher(s1).replaceAll("$1");
        s1 = DOUBLE_LETTER.matcher(s1).replaceAll("$1");
        return SPACES.matcher(s1).replaceAll(" ").trim();
    }

    /** In a name with Cyrillic letters, the Latin letters that look the same become Cyrillic ("КРИВИЙ РIГ"). */
    private static String cyrillicLookalikes(String s) {
        boolean cyrillic = false;
        for (int i = 0; i < s.length() && !cyrillic; i++)
            cyrillic = Character.UnicodeBlock.of(s.charAt(i)) == Character.UnicodeBlock.CYRILLIC;
        if (!cyrillic) return s;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int at = LATIN_LOOKALIKES.indexOf(c);
            out.append(at < 0 ? c : CYRILLIC_LOOKALIKES.charAt(at));
        }
        return out.toString();
    }

    /** The press and the strict BGN/PCGN Latin forms of a Russian-language name (one when they agree). */
    public static List<String> russianLatin(String ru) {
        String press = romanise(ru, false), strict = romanise(ru, true);
        return press.equals(strict) ? List.of(press) : List.of(press, strict);
    }

    private static String romanise(String ru, boolean yeAfterVowel) {
        StringBuilder out = new StringBuilder(ru.length() + 8);
        for (int i = 0; i < ru.length(); i++) {
            char c = ru.charAt(i);
            char lower = Character.toLowerCase(c);
            String latin = RU.get(lower);
            if (latin == null) {
                out.append(c);
                continue;
            }
            if (lower == 'е') {
                char prev = i == 0 ? ' ' : Character.toLowerCase(ru.charAt(i - 1));
                boolean start = !Character.isLetter(prev);
                if (start || prev == 'ь' || prev == 'ъ' || (yeAfterVowel && VOWELS.indexOf(prev) >= 0)) latin = "ye";
            }
            if (Character.isUpperCase(c) && !latin.isEmpty())
                latin = Character.toUpperCase(latin.charAt(0)) + latin.substring(1);
            out.append(latin);
        }
        return out.toString();
    }
}
