package org.tryvoha.store;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.EventKind;
import org.tryvoha.json.Json;
import org.tryvoha.store.AlertStore.StoreException;

/**
 * How every store keeps values in text columns, so SQLite and PostgreSQL hold the same forms:
 * times as fixed-width ISO-8601 UTC with nanoseconds ({@code 2026-11-05T10:00:00.000000000Z}), so
 * text order is time order and nothing is rounded; payloads as the JSON of the one {@link
 * Json#MAPPER}. Years outside 0000..9999 would break the order: they are refused when stored and
 * clamped when used as a query bound.
 */
public final class StoredText {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");
    private static final ObjectWriter WRITER = Json.MAPPER.writer();
    private static final ObjectReader EVENT = Json.MAPPER.readerFor(AlertEvent.class);
    private static final ObjectReader ALERT = Json.MAPPER.readerFor(Alert.class);

    private StoredText() {}

    /** The stored form of {@code t}, or null for null. */
    public static String time(Instant t) {
        if (t == null) return null;
        if (t.isBefore(MIN) || t.isAfter(MAX))
            throw new IllegalArgumentException("time out of range (years 0000..9999): " + t);
        return FORMAT.format(t);
    }

    /** The stored form of a query bound, clamped to the storable range. */
    public static String bound(Instant t) {
        return t.isBefore(MIN) ? FORMAT.format(MIN) : t.isAfter(MAX) ? FORMAT.format(MAX) : FORMAT.format(t);
    }

    public static Instant parseTime(String s) {
        return s == null ? null : Instant.parse(s);
    }

    /** True when {@code s} has exactly the stored form (used to check cursors). */
    public static boolean isStoredTime(String s) {
        try {
            return s.length() == 30 && time(Instant.parse(s)).equals(s);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The opaque history cursor after the alert with this (stored-form) issue time and id. */
    public static String cursor(String issuedAt, String id) {
        byte[] raw = (issuedAt + "\n" + id).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** [issued_at, id] of the last alert of the previous page; IllegalArgumentException when it is not a cursor. */
    public static String[] parseCursor(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\n", 2);
            if (parts.length == 2 && isStoredTime(parts[0]) && !parts[1].isEmpty()) return parts;
        } catch (IllegalArgumentException e) {
            // not base64: reported below
        }
        throw new IllegalArgumentException("invalid history cursor: pass nextCursor from the previous page unchanged");
    }

    public static String json(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot encode " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The stored JSON of an event and of its alert, the alert encoded once for both. */
    public record Payloads(String event, String alert) {}

    /** Equal to {@code json(e)} and {@code json(e.alert())}, with the alert encoded only once. */
    public static Payloads payloads(AlertEvent e) {
        String alert = json(e.alert());
        return new Payloads(json(new RawEvent(e.seq(), e.kind(), e.at(), alert, e.previousZones())), alert);
    }

    /** {@link AlertEvent}'s JSON shape with the alert already encoded. */
    record RawEvent(
            long seq,
            EventKind kind,
            Instant at,
            @JsonRawValue String alert,
            List<String> previousZones) {}

    public static AlertEvent event(long seq, String json) {
        try {
            return EVENT.readValue(json);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StoreException("unreadable payload of event " + seq + ": " + e.getMessage(), e);
        }
    }

    public static Alert alert(long seq, String json) {
        try {
            return ALERT.readValue(json);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StoreException("unreadable payload of the alert at event " + seq + ": " + e.getMessage(), e);
        }
    }
}
