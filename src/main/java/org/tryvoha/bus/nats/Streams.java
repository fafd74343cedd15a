package org.tryvoha.bus.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;

/**
 * The JetStream stream of events. Created when missing with one replica, file storage, a day of
 * retention and a two-minute duplicate window; in production create it beforehand with three
 * replicas (docs/cluster.md) and Tryvoha uses it as it is.
 */
final class Streams {
    static final int NOT_FOUND = 10059;
    static final Duration MAX_AGE = Duration.ofDays(1);
    static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);

    private Streams() {}

    static StreamInfo ensure(Connection nc, String stream, String subject) throws IOException, JetStreamApiException {
        JetStreamManagement jsm = nc.jetStreamManagement();
        try {
            StreamInfo info = jsm.getStreamInfo(stream);
            if (!info.getConfiguration().getSubjects().contains(subject)) {
                throw new IllegalStateException("stream " + stream + " exists but does not take subject " + subject
                        + " (it takes " + info.getConfiguration().getSubjects()
                        + "); add the subject or choose another nats-stream");
            }
            return info;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != NOT_FOUND) throw e;
        }
        StreamConfiguration sc = StreamConfiguration.builder()
                .name(stream)
                .subjects(subject)
                .storageType(StorageType.File)
                .maxAge(MAX_AGE)
                .duplicateWindow(DUPLICATE_WINDOW)
                .replicas(1)
                .build();
        try {
            return jsm.addStream(sc);
        } catch (JetStreamApiException e) {
            return jsm.getStreamInfo(stream); // another node created it at the same moment
        }
    }
}
