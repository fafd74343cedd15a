package org.tryvoha.security;

import java.util.regex.Pattern;

/** Takes secrets out of text bound for a log: URL user info, password parameters, bearer tokens and operator keys. */
public final class Redact {
    private static final Pattern USERINFO = Pattern.compile("(?<=://)[^/@\\s]+@");
    private static final Pattern PASSWORD = Pattern.compile("(?i)((?:password|passwd|secret|token)=)[^&;\\s]*");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)\\S+");
    private static final Pattern KEY = Pattern.compile("tvk_[A-Za-z0-9_\\-]+");

    private Redact() {}

    public static String secrets(String text) {
        if (text == null) return null;
        String t = USERINFO.matcher(text).replaceAll("***@");
        t = PASSWORD.matcher(t).replaceAll("$1***");
        t = BEARER.matcher(t).replaceAll("$1***");
        return KEY.matcher(t).replaceAll("tvk_***");
    }
}
