package org.tryvoha.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few MQTT 3.1.1 packets the benchmark needs: CONNECT (with a last will for a siren), SUBSCRIBE,
 * PUBLISH (QoS 0 and 1) and PUBACK.
 */
final class Mqtt {
    private Mqtt() {}

    /** CONNECT (clean session, no keep-alive) followed by SUBSCRIBE to {@code topic}. */
    static byte[] connectAndSubscribe(String clientId, String topic) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(connect(clientId));
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.write(0);
        v.write(1); // packet id 1
        str(v, topic);
        v.write(0); // QoS 0
        packet(b, 0x82, v.toByteArray());
        return b.toByteArray();
    }

    /**
     * A siren's CONNECT (clean session, keep-alive {@code keepAliveSeconds}, last will {@code offline},
     * QoS 1, retained, on {@code willTopic}).
     */
    static byte[] connectWithWill(String clientId, int keepAliveSeconds, String willTopic, String will) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        str(v, "MQTT");
        v.write(4);
        v.write(0x02 | 0x04 | 0x08 | 0x20); // clean session, will flag, will QoS 1, will retain
        v.write(keepAliveSeconds >> 8);
        v.write(keepAliveSeconds & 0xFF);
        str(v, clientId);
        str(v, willTopic);
        str(v, will);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        packet(b, 0x10, v.toByteArray());
        return b.toByteArray();
    }

    /** SUBSCRIBE to one topic filter at {@code qos} with packet id {@code id}. */
    static byte[] subscribe(int id, String topic, int qos) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.write(id >> 8);
        v.write(id & 0xFF);
        str(v, topic);
        v.write(qos);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        packet(b, 0x82, v.toByteArray());
        return b.toByteArray();
    }

    /** PUBLISH at QoS 1 with packet id {@code id}, retained or not. */
    static byte[] publishQos1(int id, String topic, byte[] payload, boolean retain) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        str(v, topic);
        v.write(id >> 8);
        v.write(id & 0xFF);
        v.writeBytes(payload);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        packet(b, 0x32 | (retain ? 1 : 0), v.toByteArray());
        return b.toByteArray();
    }

    /** PUBACK of packet id {@code id} (a QoS 1 message received). */
    static byte[] puback(int id) {
        return new byte[] {0x40, 2, (byte) (id >> 8), (byte) id};
    }

    static byte[] connect(String clientId) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        str(v, "MQTT");
        v.write(4); // protocol level 3.1.1
        v.write(0x02); // clean session
        v.write(0);
        v.write(0); // keep-alive off
        str(v, clientId);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        packet(b, 0x10, v.toByteArray());
        return b.toByteArray();
    }

    static byte[] publish(String topic, byte[] payload) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        str(v, topic);
        v.writeBytes(payload);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        packet(b, 0x30, v.toByteArray());
        return b.toByteArray();
    }

    private static void str(ByteArrayOutputStream v, String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        v.write(u.length >> 8);
        v.write(u.length & 0xFF);
        v.writeBytes(u);
    }

    private static void packet(ByteArrayOutputStream b, int type, byte[] body) {
        b.write(type);
        int len = body.length;
        do {
            int d = len % 128;
            len /= 128;
            b.write(len > 0 ? d | 0x80 : d);
        } while (len > 0);
        b.writeBytes(body);
    }
}
