package org.tryvoha.cap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tryvoha.alert.AlertRequest;
import org.tryvoha.cap.CapMessage.Info;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.Area;
import org.tryvoha.json.Json;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.AlertStore.Applied;
import org.tryvoha.store.AlertStore.MessageId;
import org.tryvoha.store.AlertStore.Receipt;
import org.tryvoha.store.AlertStore.StoredAlert;
import org.tryvoha.zone.ZoneTree;

/**
 * Turns a valid CAP message into a Tryvoha change (a {@link Plan}), without performing it.
 *
 * <ul>
 *   <li>msgType Alert raises an alert whose id is a name-based UUID of the CAP sender and
 *       identifier ({@link #alertId}), so Update and Cancel find it again through their
 *       {@code references}; Ack and Error are refused.
 *   <li>status Actual, Exercise, Test become actual, exercise, test; Draft and System are
 *       checked and answered but never stored or published.
 *   <li>each {@code <info>} language is a message language (uk-UA → uk); its text is the
 *       description, else the headline, with the instruction on a line of its own after it.
 *   <li>every {@code <area>} resolves to zones ({@link CapAreas}); the latest {@code expires} of the
 *       infos is the expiry (none when an info has none).
 * </ul>
 */
public final class CapImporter {
    /** How this server's own exported identifiers look: tryvoha-ALERTID-SEQ. */
    static final Pattern OWN_IDENTIFIER = Pattern.compile("tryvoha-(.+)-(\\d+)");

    private final ZoneTree tree;
    private final String ownSender;
    private final Function<String, Optional<StoredAlert>> alerts;

    public CapImporter(ZoneTree tree, String ownSender, Function<String, Optional<StoredAlert>> alerts) {
        this.tree = tree;
        this.ownSender = ownSender;
        this.alerts = alerts;
    }

    public enum Action {
        RAISE,
        UPDATE,
        CANCEL
    }

    /**
     * What to do: the action, the Tryvoha alert id, the checked request (null for a cancel), whether it
     * is a draft, and the receipt to commit with the change (the message's sender, identifier, sent).
     */
    public record Plan(Action action, String alertId, AlertRequest request, boolean draft, Receipt receipt) {}

    /** The sender and identifier of a message, as the store remembers it. */
    static MessageId messageId(CapMessage m) {
        return new MessageId(m.sender(), m.identifier());
    }

    /** The message itself and every message its references name: what {@link AlertStore#applied} is asked. */
    static List<MessageId> lookup(CapMessage m) {
        List<MessageId> out = new ArrayList<>();
        out.add(messageId(m));
        if (m.references() != null)
            for (String triplet : m.references().split("\\s+")) {
                String[] f = triplet.split(",");
                out.add(new MessageId(f[0], f[1]));
            }
        return out;
    }

    /**
     * The alert and event an exported message of this server stands for (identifier {@code
     * tryvoha-ALERTID-SEQ} from this server's sender), or null when it is not one.
     */
    Optional<String[]> ownExport(String sender, String identifier) {
        Matcher own = OWN_IDENTIFIER.matcher(identifier);
        return sender.equals(ownSender) && own.matches()
                ? Optional.of(new String[] {own.group(1), own.group(2)})
                : Optional.empty();
    }

    /** The Tryvoha alert id of a CAP message: a name-based (type 3) UUID of its sender and identifier. */
    public static String alertId(String sender, String identifier) {
        return UUID.nameUUIDFromBytes(("cap:" + sender + "," + identifier).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** {@link #plan(CapMessage, Map, Instant)} without any applied message known. */
    public Plan plan(CapMessage m, Instant now) {
        return plan(m, Map.of(), now);
    }

    /**
     * The change {@code m} asks for. {@code known}: what the store remembers of the messages {@link
     * #lookup} names. An Update or Cancel sent before the newest message applied to its alert is a 409.
     */
    public Plan plan(CapMessage m, Map<MessageId, Applied> known, Instant now) {
        // Draft and System messages are not for the public: checked and answered, never stored or published
        boolean draft = "Draft".equals(m.status()) || "System".equals(m.status());
        Action action = switch (m.msgType()) {
            case "Alert" -> Action.RAISE;
            case "Update" -> Action.UPDATE;
            case "Cancel" -> Action.CANCEL;
            default ->
                throw invalid(
                        "/alert/msgType[1]",
                        "msgType " + m.msgType()
                                + " acknowledges or reports on other messages; Tryvoha imports Alert, Update and Cancel");
        };
        Receipt receipt =
                new Receipt(messageId(m), OffsetDateTime.parse(m.sent()).toInstant());
        if (action == Action.RAISE)
            return new Plan(action, alertId(m.sender(), m.identifier()), request(m, true, now), draft, receipt);
        String target = target(m, known);
        Instant newest = known.values().stream()
                .filter(a -> a.alertId().equals(target))
                .map(Applied::newestSent)
                .max(Instant::compareTo)
                .orElse(null);
        if (newest != null && receipt.sent().isBefore(newest)) throw stale(m, target, newest);
        return new Plan(action, target, action == Action.CANCEL ? null : request(m, false, now), draft, receipt);
    }

    /** The 409 for an Update or Cancel sent before the newest message applied to its alert. */
    static ProblemException stale(CapMessage m, String alertId, Instant newest) {
        return new ProblemException(
                ErrorCode.CONFLICT,
                "this " + m.msgType() + " (sender " + m.sender() + ", identifier " + m.identifier() + ") was sent "
                        + m.sent() + ", before the newest message already applied to alert " + alertId + " (sent "
                        + newest + "); applying it now would undo a newer one, so it is ignored. If it is meant to"
                        + " win, send it again with a new identifier and the current time in <sent>");
    }

    /**
     * The alert the references name: any referenced message the store remembers as applied (the first
     * Alert or any later Update), else this server's own export naming the alert, else (messages
     * imported before receipts were kept) the alert an Alert message would have raised.
     */
    private String target(CapMessage m, Map<MessageId, Applied> known) {
        List<String> tried = new ArrayList<>();
        List<MessageId> all = lookup(m);
        List<MessageId> refs = all.subList(1, all.size());
        for (MessageId r : refs) if (known.containsKey(r)) return known.get(r).alertId();
        for (MessageId r : refs) {
            Optional<String[]> own = ownExport(r.origin(), r.id());
            if (own.isPresent() && alerts.apply(own.get()[0]).isPresent()) return own.get()[0];
            String id = alertId(r.origin(), r.id());
            if (alerts.apply(id).isPresent()) return id;
            tried.add(r.origin() + "," + r.id());
        }
        throw new ProblemException(
                ErrorCode.INVALID,
                "the references name no alert this server knows: " + String.join(" ", tried)
                        + "; an Update or Cancel must reference a message of the alert that this server applied (or one it exported)",
                List.of(new FieldError("/alert/references[1]", "no referenced message is a known alert")));
    }

    private AlertRequest request(CapMessage m, boolean raise, Instant now) {
        List<FieldError> errs = new ArrayList<>();
        if (m.infos().isEmpty()) {
            throw invalid(
                    "/alert",
                    "the message has no <info>, so it says nothing to raise or update; add an <info> with an <area>");
        }
        AlertType type = null;
        for (Info i : m.infos()) if (type == null) type = CapTypes.explicit(i, errs);
        if (type == null) type = CapTypes.mapped(m.infos().get(0));
        Set<String> zones = new LinkedHashSet<>();
        int[] budget = {Area.MAX_VERTICES};
        Map<String, String> message = new LinkedHashMap<>();
        Map<String, String> textPath = new LinkedHashMap<>();
        Instant expires = null;
        boolean forever = false;
        for (Info i : m.infos()) {
            CapAreas.resolve(i.areas(), tree, zones, errs, budget);
            if (i.areas().isEmpty())
                errs.add(
                        new FieldError(
                                i.path(),
                                "the info has no <area>: name the zones with <area><geocode> (valueName KATOTTG) or a polygon"));
            String lang = language(i.language());
            String text = text(i);
            if (message.putIfAbsent(lang, text) == null)
                textPath.put(lang, i.path() + (i.description() != null ? "/description[1]" : "/headline[1]"));
            if (i.expires() == null) forever = true;
            else {
                Instant e = OffsetDateTime.parse(i.expires()).toInstant();
                if (!e.isAfter(now))
                    errs.add(new FieldError(
                            i.path() + "/expires[1]", "expires " + i.expires() + " has passed (now is " + now + ")"));
                if (expires == null || e.isAfter(expires)) expires = e;
            }
        }
        if (!errs.isEmpty()) throw ProblemException.invalid(errs);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("type", type.wire());
        body.put("status", status(m.status()).wire());
        ArrayNode z = body.putArray("zones");
        zones.forEach(z::add);
        body.set("message", Json.MAPPER.valueToTree(message));
        if (!forever) body.put("expires_at", expires.toString());
        else if (!raise) body.putNull("expires_at");
        try {
            return AlertRequest.parse(body, raise, tree, now);
        } catch (ProblemException e) {
            String areas = m.infos().get(0).path() + "/area[1]";
            throw ProblemException.invalid(e.errors.stream()
                    .map(f -> new FieldError(
                            f.field().startsWith("message.")
                                    ? textPath.getOrDefault(f.field().substring(8), "/alert/info[1]")
                                    : f.field().startsWith("zones") ? areas : "/alert/info[1]",
                            f.message()))
                    .toList());
        }
    }

    /** uk-UA → uk, en-US → en: the primary subtag, lower case. */
    static String language(String tag) {
        int dash = tag.indexOf('-');
        return (dash < 0 ? tag : tag.substring(0, dash)).toLowerCase(Locale.ROOT);
    }

    /** The description, else the headline, else the event; the instruction on a line of its own after it. */
    static String text(Info i) {
        String main = i.description() != null && !i.description().isEmpty()
                ? i.description()
                : i.headline() != null && !i.headline().isEmpty() ? i.headline() : i.event();
        return i.instruction() != null && !i.instruction().isEmpty() ? main + "\n" + i.instruction() : main;
    }

    static AlertStatus status(String capStatus) {
        return switch (capStatus) {
            case "Exercise" -> AlertStatus.EXERCISE;
            case "Test", "System", "Draft" -> AlertStatus.TEST; // System and Draft are never published (see plan)
            default -> AlertStatus.ACTUAL;
        };
    }

    private static ProblemException invalid(String path, String message) {
        return ProblemException.invalid(List.of(new FieldError(path, message)));
    }
}
