package org.tryvoha.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The few MQTT 3.1.1 packets the benchmark needs: CONNECT, SUBSCRIBE (QoS 0) and PUBLISH (QoS 0). */
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
