package org.tryvoha.track;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.alert.AlertGate;
import org.tryvoha.alert.AlertRequest;
import org.tryvoha.alert.AlertService;
import org.tryvoha.auth.Access;
import org.tryvoha.auth.Principal;
import org.tryvoha.auth.Role;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EventKind;
import org.tryvoha.store.AlertStore;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * Turns track reports into alerts: one alert per track, raised when its first zone becomes due,
 * updated as zones join and leave, cancelled when the last zone's hold has passed.
 *
 * <p>A zone is due when {@code eta - elapsed - delivery <= shelterSeconds + margin}, where
 * {@code eta} comes from the track's latest {@link ThreatArea} and {@code elapsed} is the time since
 * that report; it stays warned until {@code hold} seconds after it was last due.
 *
 * <p>The alert changes of one {@link #submit}, {@link #tick} or {@link #confirm} are committed in
 * one transaction per principal they are made as ({@link Changes}) and only then taken into the
 * tracks' state. On the server they pass the {@link AlertGate} as the feed principal: a change
 * outside its scope is not made, and is counted ({@link TrackStats}) and logged. When a commit
 * fails,
 * the commit fails, the tracks keep what the store has, are decided again on the next tick, and
 * {@link #submit} and {@link #confirm} throw a 503 that says so.
 *
 * <p>Not thread-safe: call {@link #submit}, {@link #tick} and {@link #confirm} from one thread only
 * (the server's {@link TrackFeed} thread, or the simulator). It calls the blocking
 * {@link AlertService}, so that thread must not be an event loop. {@link #views} may be read from
 * any thread.
 */
public final class TrackEngine {
    public static final String SENDER = "tracks";
    private static final Logger log = LoggerFactory.getLogger(TrackEngine.class);
    private static final Duration EXPIRY = Duration.ofHours(1);
    /**
     * A report consistent with the model of an area at most this much older keeps that area (see
     * {@link ThreatArea#stillHolds}); within the slack of {@code etaHorizon}, so no due zone is missed.
     */
    static final double REUSE_SECONDS = 5;
    /** A ballistic track's thrust is judged over at least this interval where the reports allow... */
    static final double THRUST_BASELINE_SECONDS = 8;
    /** ...from reports kept this long. */
    static final double THRUST_WINDOW_SECONDS = 15;

    /**
     * Where the engine's alert changes go: committed in one transaction on behalf of {@code sender}
     * (who sent the track's latest reports, or confirmed it; null when unknown), their outcomes in
     * order. Blocking.
     */
    @FunctionalInterface
    public interface Changes {
        List<AlertService.Outcome> apply(Principal sender, List<AlertService.Change> changes);
    }

    private final ZoneTree tree;
    private final Changes changes;
    private final Clock clock;
    private final TrackSettings settings;
    private final TrackStats stats;
    private final ThreatArea.Calculator calc;
    private final double etaHorizon;
    private final EarlyWarning early;
    private final Map<String, Track> tracks = new HashMap<>();
    private final Map<String, TrackView> views = new ConcurrentHashMap<>();
    private final WarningTexts texts;

    public TrackEngine(ZoneTree tree, AlertService service, Clock clock, TrackSettings settings, TrackStats stats) {
        this(tree, service, clock, settings, EarlyWarning.OFF, stats);
    }

    /** Straight to the service, as {@link #SENDER} (the simulator and benchmarks: no principal, no gate). */
    public TrackEngine(
            ZoneTree tree,
            AlertService service,
            Clock clock,
            TrackSettings settings,
            EarlyWarning early,
            TrackStats stats) {
        this(tree, (sender, c) -> service.applyAll(c, SENDER), clock, settings, early, stats);
    }

    public TrackEngine(
            ZoneTree tree, Changes changes, Clock clock, TrackSettings settings, EarlyWarning early, TrackStats stats) {
        this.early = early;
        this.changes = changes;
        this.clock = clock;
        this.settings = settings;
        this.stats = stats;
        this.tree = tree;
        this.calc = new ThreatArea.Calculator(tree);
        this.texts = new WarningTexts(tree.country().languages());
        int maxShelter = tree.all().stream()
                .filter(Zone::isLeaf)
                .mapToInt(Zone::shelterSeconds)
                .max()
                .orElse(0);
        // a zone can only come due while the track lives: within the longest shelter time, margin,
        // delivery and the silence after which the track is lost
        this.etaHorizon = Math.min(
                settings.horizonSeconds(),
                maxShelter
                        + settings.marginSeconds()
                        + settings.deliverySeconds()
                        + settings.lostSeconds()
                        + REUSE_SECONDS
                        + 5.0);
    }

    /** What became of the reports of one batch. */
    public record BatchResult(int accepted, int stale, int future, int outOfOrder, int duplicate, int afterEnd) {}

    /** Applies a batch in order, then decides for every track it touched. */
    public BatchResult submit(List<TrackReport> reports) {
        return submit(reports, null);
    }

    /** {@link #submit(List)}, sent by {@code sender}: the tracks it touches act as it from now on (unless a feed principal is set). */
    public BatchResult submit(List<TrackReport> reports, Principal sender) {
        Instant now = clock.instant();
        Instant oldest = now.minusSeconds(settings.maxAgeSeconds()), newest = now.plusSeconds(settings.maxAgeSeconds());
        int[] n = new int[6];
        Set<Track> touched = new LinkedHashSet<>();
        for (TrackReport r : reports) {
            Track t = tracks.get(r.trackId());
            int kind;
            if (r.time().isBefore(oldest)) kind = 1;
            else if (r.time().isAfter(newest)) kind = 2;
            else if (t != null && t.end != null) kind = 5;
            else if (t != null && t.last != null && r.time().isBefore(t.last.time())) kind = 3;
            else if (t != null && t.last != null && r.time().equals(t.last.time())) kind = 4;
            else {
                kind = 0;
                if (t == null) tracks.put(r.trackId(), t = new Track(r.trackId()));
                try {
                    t.accept(r);
                    if (sender != null) t.sender = sender;
                    touched.add(t);
                } catch (RuntimeException e) { // a geometry failure on one report must not stop the feed
                    log.error("track {}: cannot compute the threat area of a report", r.trackId(), e);
                    stats.failed.increment();
                }
            }
            n[kind]++;
        }
        stats.accepted.add(n[0]);
        stats.stale.add(n[1]);
        stats.future.add(n[2]);
        stats.outOfOrder.add(n[3]);
        stats.duplicate.add(n[4]);
        stats.afterEnd.add(n[5]);
        RuntimeException failure = decideAll(touched, now);
        if (failure != null) {
            throw refused(
                    failure,
                    "the " + n[0] + " accepted report(s) of this batch are kept, but the alert changes they call for");
        }
        return new BatchResult(n[0], n[1], n[2], n[3], n[4], n[5]);
    }

    /**
     * Re-decides the tracks whose next change is due: a zone comes due, a hold passes, a silent track
     * is lost, a deadline or an expiry refresh arrives. Tracks with nothing due are skipped.
     */
    public void tick() {
        Instant now = clock.instant();
        List<Track> due = new ArrayList<>();
        for (Track t : tracks.values()) {
            if (now.isBefore(t.nextCheck)) continue;
            if (t.end == null && t.last != null && now.isAfter(t.last.time().plusSeconds(settings.lostSeconds()))) {
                t.end = TrackReport.End.LOST;
                stats.lost.increment();
            }
            due.add(t);
        }
        decideAll(due, now); // a failure is logged and retried on the next tick
    }

    /** An operator confirms a track's proposal: its pending zones, and any that follow, go out. */
    public TrackView confirm(String trackId) {
        return confirm(trackId, null);
    }

    /**
     * {@link #confirm(String)} by {@code by}: 403 unless an operator whose scope holds the proposed
     * zones and the track's type; the changes it calls for now are made as {@code by}.
     */
    public TrackView confirm(String trackId, Principal by) {
        Track t = tracks.get(trackId);
        if (t == null) throw new ProblemException(ErrorCode.NOT_FOUND, "no live track with id " + trackId);
        if (by != null) {
            Access.requireRole(by, Role.OPERATOR, "confirm track warnings");
            Access.requireScope(by, "confirm track warnings", t.pending, List.of(t.cls.alertType), tree);
        }
        t.confirmed = true;
        Principal before = t.sender;
        if (by != null) t.sender = by;
        RuntimeException failure;
        try {
            failure = decideAll(List.of(t), clock.instant());
        } finally {
            if (by != null && before != null) t.sender = before; // later changes act as the feed again
        }
        if (failure != null) throw refused(failure, "the confirmation is kept, but the alert it calls for");
        return views.get(trackId);
    }

    /**
     * Decides for every track in {@code decided}, commits all the alert changes that calls for in ONE
     * transaction, and only then updates the tracks' alert state and views. Returns the failure when
     * the commit failed: then nothing was committed, the tracks still hold the state the store has,
     * and they are decided again on the next tick.
     */
    private RuntimeException decideAll(Collection<Track> decided, Instant now) {
        List<Planned> plan = new ArrayList<>();
        for (Track t : decided) decide(t, now, plan);
        RuntimeException failure = commit(plan);
        for (Track t : new ArrayList<>(decided)) finish(t);
        return failure;
    }

    private RuntimeException commit(List<Planned> plan) {
        Map<Principal, List<Planned>> bySender = new LinkedHashMap<>(); // usually one: the feed
        for (Planned p : plan)
            bySender.computeIfAbsent(p.track.sender, k -> new ArrayList<>()).add(p);
        RuntimeException failure = null;
        for (Map.Entry<Principal, List<Planned>> g : bySender.entrySet()) {
            List<Planned> group = g.getValue();
            List<AlertService.Outcome> outcomes;
            try {
                outcomes = changes.apply(
                        g.getKey(), group.stream().map(Planned::change).toList());
            } catch (RuntimeException e) { // e.g. the store is down: `sent` is unchanged, so the next tick tries again
                stats.failed.add(group.size());
                for (Planned p : group) p.track.nextCheck = Instant.MIN;
                log.error(
                        "{} alert change(s) of {} track(s) could not be committed; retrying on the next tick",
                        group.size(),
                        group.stream().map(p -> p.track).distinct().count(),
                        e);
                failure = e;
                continue;
            }
            for (int i = 0; i < group.size(); i++) apply(group.get(i), outcomes.get(i));
        }
        return failure;
    }

    private static ProblemException refused(RuntimeException e, String what) {
        return new ProblemException(
                ErrorCode.UNAVAILABLE,
                what + " could not be committed (" + e.getMessage()
                        + "); nothing of it was committed, the engine tries again every second, and sending the batch again is safe");
    }

    /** Arrival estimates reach this far ahead (seconds): the longest a zone can take to come due. */
    public double etaHorizonSeconds() {
        return etaHorizon;
    }

    /** Live tracks, as operators see them; any thread. */
    public Collection<TrackView> views() {
        return views.values();
    }

    public int liveTracks() {
        return tracks.size();
    }

    /** Decides what the track's alerts should be; the changes that takes go to {@code plan}. */
    private void decide(Track t, Instant now, List<Planned> plan) {
        double next = Double.POSITIVE_INFINITY; // seconds from now to the next change this track can see
        if ((t.end == null || !t.endMarked) && t.area != null) { // once more at the end: the hold counts from there
            double elapsed = Duration.between(t.areaAt, now).toMillis() / 1000.0;
            for (Map.Entry<Zone, Double> e : t.area.etaSeconds().entrySet()) {
                double slack = e.getValue()
                        - elapsed
                        - settings.deliverySeconds()
                        - e.getKey().shelterSeconds()
                        - settings.marginSeconds();
                if (slack <= 0) t.lastDue.put(e.getKey(), now);
                else next = Math.min(next, slack);
            }
            // a warned zone stays while the impact may still fall on it: narrowing waits until it
            // leaves the wider ellipse, so a report's noise cannot make it flap
            if (t.area.impact() != null && t.end == null)
                t.lastDue.replaceAll((z, due) -> t.area.keep().contains(z) ? now : due);
            next = Math.min(
                    next,
                    Duration.between(now, t.last.time().plusSeconds(settings.lostSeconds()))
                                            .toMillis()
                                    / 1000.0
                            + 0.001);
            if (t.end != null) t.endMarked = true;
        }
        Instant expired = now.minusSeconds(settings.holdSeconds());
        t.lastDue.values().removeIf(due -> due.isBefore(expired));
        for (Instant due : t.lastDue.values())
            next = Math.min(next, Duration.between(expired, due).toMillis() / 1000.0 + 0.001);
        Set<String> want = new HashSet<>(), pending = new HashSet<>();
        boolean deadlinePassed = t.pendingSince != null
                && settings.confirmDeadlineSeconds() > 0
                && !now.isBefore(t.pendingSince.plusSeconds(settings.confirmDeadlineSeconds()));
        if (deadlinePassed) t.confirmed = true;
        for (Zone z : t.lastDue.keySet()) {
            if (t.confirmed || t.real.sent.contains(z.id()) || settings.modeFor(z) == TrackSettings.Mode.AUTOMATIC)
                want.add(z.id());
            else pending.add(z.id());
        }
        if (pending.isEmpty()) t.pendingSince = null;
        else if (t.pendingSince == null) t.pendingSince = now;
        List<String> realWant = want.stream().sorted().toList();
        sync(t, t.real, realWant, now, plan);
        if (early.enabled()) {
            next = Math.min(next, decideEarly(t, now));
            sync(t, t.early, earlyWanted(t, t.real.suppressed ? t.real.sent : realWant), now, plan);
        }
        t.pending = pending.stream().sorted().toList();
        if (t.pendingSince != null && settings.confirmDeadlineSeconds() > 0) {
            next = Math.min(
                    next,
                    Duration.between(now, t.pendingSince.plusSeconds(settings.confirmDeadlineSeconds()))
                                    .toMillis()
                            / 1000.0);
        }
        for (Warning w : List.of(t.real, t.early)) {
            if (w.alertId() != null)
                next = Math.min(
                        next,
                        Duration.between(now, w.expiresAt.minus(EXPIRY.dividedBy(2)))
                                                .toMillis()
                                        / 1000.0
                                + 0.001);
        }
        t.nextCheck = next == Double.POSITIVE_INFINITY
                ? Instant.MAX
                : now.plusMillis((long) Math.ceil(Math.max(0, next) * 1000));
    }

    /** After the commit: drops a finished track, or publishes its view as the store now has it. */
    private void finish(Track t) {
        if (t.end != null
                && t.lastDue.isEmpty()
                && t.real.alertId() == null
                && t.earlyDue.isEmpty()
                && t.early.alertId() == null) {
            tracks.remove(t.id);
            views.remove(t.id);
        } else {
            Instant deadline = t.pendingSince == null || settings.confirmDeadlineSeconds() == 0
                    ? null
                    : t.pendingSince.plusSeconds(settings.confirmDeadlineSeconds());
            views.put(
                    t.id,
                    new TrackView(
                            t.id,
                            t.cls,
                            t.last,
                            t.end == null && t.area != null ? t.area.corridor() : null,
                            t.end == null && t.area != null ? t.area.impact() : null,
                            t.real.alertId(),
                            t.real.sent,
                            t.pending,
                            t.pendingSince,
                            deadline,
                            t.end,
                            t.early.alertId(),
                            t.early.sent));
        }
    }

    /**
     * The early warning: every oblast the track can reach within the early horizon stays in the
     * pre-alert until {@code hold} after it was last reachable, unless the track's real alert already
     * covers a zone in it (there the real alert takes over). Returns seconds to the next change.
     */
    private double decideEarly(Track t, Instant now) {
        if (t.end != null) t.earlyDue.clear(); // the threat is gone: no hold for a pre-alert
        else if (t.regions != null) for (Zone region : t.regions) t.earlyDue.put(region, now);
        Instant expired = now.minusSeconds(settings.holdSeconds());
        t.earlyDue.values().removeIf(due -> due.isBefore(expired));
        double next = Double.POSITIVE_INFINITY;
        for (Instant due : t.earlyDue.values())
            next = Math.min(next, Duration.between(expired, due).toMillis() / 1000.0 + 0.001);
        return next;
    }

    private List<String> earlyWanted(Track t, List<String> realZones) {
        Set<String> taken = new HashSet<>();
        for (String id : realZones)
            tree.get(id).ifPresent(z -> taken.add(region(z).id()));
        return t.earlyDue.keySet().stream()
                .map(Zone::id)
                .filter(id -> !taken.contains(id))
                .sorted()
                .toList();
    }

    /** The zone right under the root that holds {@code z} (its oblast). */
    private Zone region(Zone z) {
        while (z.parent() != null && z.parent() != tree.root()) z = z.parent();
        return z;
    }

    /** Plans the change that brings one of the track's alerts to the wanted zones: raise, update or cancel. */
    private void sync(Track t, Warning w, List<String> want, Instant now, List<Planned> plan) {
        if (w.suppressed) return;
        AlertType type = w == t.early ? AlertType.EARLY_WARNING : t.cls.alertType;
        Instant expires = now.plus(EXPIRY).truncatedTo(ChronoUnit.SECONDS);
        if (w.current == null) {
            if (want.isEmpty()) return;
            plan.add(new Planned(
                    t,
                    w,
                    new AlertService.Raise(UUID.randomUUID().toString(), request(type, want, expires)),
                    want,
                    type,
                    expires));
        } else if (want.isEmpty()) {
            plan.add(new Planned(t, w, new AlertService.Cancel(w.current), want, type, w.expiresAt));
        } else if (!want.equals(w.sent)
                || type != w.sentType
                || now.plus(EXPIRY.dividedBy(2)).isAfter(w.expiresAt)) {
            plan.add(new Planned(
                    t, w, new AlertService.Update(w.current, request(type, want, expires)), want, type, expires));
        }
    }

    /** Takes a committed change (or its refusal) into the track's state. */
    private void apply(Planned p, AlertService.Outcome o) {
        Warning w = p.warning;
        AlertEvent e = o.event();
        if (o.forbidden()) {
            // outside the feed principal's scope: not made, the track keeps what the store has and may come back within
            // it
            stats.outsideScope.increment();
            if (!w.refusedLogged)
                log.warn("track {}: an automatic alert change was not made: {}", p.track.id, o.refused());
            else log.debug("track {}: an automatic alert change was not made: {}", p.track.id, o.refused());
            w.refusedLogged = true;
            return;
        }
        if (e == null) {
            // an operator ended this track's alert by hand: the engine does not fight them
            log.warn("track {}: {}; no more such alerts for this track", p.track.id, o.refused());
            w.suppressed = true;
            w.current = null;
            w.sent = List.of();
            p.track.nextCheck = Instant.MIN; // decide again without it
            return;
        }
        switch (e.kind()) {
            case ISSUED -> stats.raised.increment();
            case CANCELLED -> stats.cancelled.increment();
            default -> stats.updated.increment();
        }
        w.current = e.kind() == EventKind.CANCELLED ? null : new AlertStore.StoredAlert(e.alert(), e.seq());
        w.sent = p.want;
        w.sentType = p.type;
        w.expiresAt = p.expiresAt;
    }

    /** An alert change the engine decided on; it reaches the track's state only once committed. */
    private record Planned(
            Track track,
            Warning warning,
            AlertService.Change change,
            List<String> want,
            AlertType type,
            Instant expiresAt) {}

    /** An automatic alert, its text in the country's languages ({@link WarningTexts}). */
    private AlertRequest request(AlertType type, List<String> zones, Instant expiresAt) {
        return new AlertRequest(type, AlertStatus.ACTUAL, zones, null, texts.message(type), expiresAt, false);
    }

    /** One alert of a track (the real one or the pre-alert) as the engine last committed it. */
    private static final class Warning {
        List<String> sent = List.of();
        AlertType sentType;
        AlertStore.StoredAlert current; // the alert as committed, with its version; null when there is none
        Instant expiresAt;

        String alertId() {
            return current == null ? null : current.alert().id();
        }

        boolean suppressed;
        boolean refusedLogged; // a change outside the scope is logged once per warning, counted every time
    }

    /** Per-track state; touched only by the engine thread. */
    private final class Track {
        final String id;
        ThreatClass cls;
        TrackReport last;
        ThreatArea area;
        Instant areaAt;
        TrackReport areaReport; // the report the area was computed from
        TrackReport.End end;
        final Map<Zone, Instant> lastDue = new HashMap<>();
        final Map<Zone, Instant> earlyDue = new HashMap<>();
        final Warning real = new Warning(), early = new Warning();
        List<Zone> regions; // oblasts reachable within the early-warning horizon
        Instant pendingSince;
        List<String> pending = List.of(); // zones waiting for an operator's confirmation
        boolean confirmed;
        boolean endMarked;
        Instant nextCheck = Instant.MIN; // the tick skips the track until then
        Principal sender; // who sent its latest reports: the changes are made as them (unless a feed principal is set)

        final ArrayDeque<TrackReport> recent = new ArrayDeque<>(); // a ballistic track's reports of the last seconds

        Track(String id) {
            this.id = id;
        }

        /**
         * Whether a ballistic track's motor is burning at {@code r}: judged against the newest report at
         * least {@link #THRUST_BASELINE_SECONDS} older (or the oldest kept one), the longer the interval
         * the smaller the noise; a first report is taken as unpowered.
         */
        boolean thrusting(TrackReport r) {
            if (cls != ThreatClass.BALLISTIC) return false;
            TrackReport base = null;
            for (TrackReport old : recent) {
                if (old == r) break;
                if (base == null || !old.time().isAfter(r.time().minusMillis((long) (THRUST_BASELINE_SECONDS * 1000))))
                    base = old;
            }
            return base != null && ImpactEllipse.thrusting(base, r);
        }

        void accept(TrackReport r) {
            cls = r.threatClass();
            if (r.end() != null) {
                end = r.end();
                if (last == null) last = r;
                return;
            }
            last = r;
            if (cls == ThreatClass.BALLISTIC) {
                recent.addLast(r);
                while (recent.size() > 1
                        && recent.peekFirst().time().isBefore(r.time().minusSeconds((long) THRUST_WINDOW_SECONDS)))
                    recent.removeFirst();
            }
            if (area != null && ThreatArea.stillHolds(areaReport, r, REUSE_SECONDS)) stats.reused.increment();
            else {
                // the corridor reaches only as far as a zone can come due: beyond that, nothing is warned
                area = calc.compute(r, etaHorizon, etaHorizon, thrusting(r));
                areaAt = r.time();
                areaReport = r;
            }
            if (TrackEngine.this.early.enabled())
                regions = calc.regionsTouching(calc.reach(r, TrackEngine.this.early.horizonSeconds()));
        }
    }
}
