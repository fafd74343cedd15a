package org.tryvoha.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.tryvoha.Json;
import org.tryvoha.alert.Alert;
import org.tryvoha.alert.AlertEvent;
import org.tryvoha.store.AlertStore.StoreException;

/** The JSON kept in the payload columns, written and read with the one {@link Json#MAPPER}. */
final class Payloads {
  private static final ObjectWriter WRITER = Json.MAPPER.writer();
  private static final ObjectReader EVENT = Json.MAPPER.readerFor(AlertEvent.class);
  private static final ObjectReader ALERT = Json.MAPPER.readerFor(Alert.class);

  private Payloads() {}

  static String encode(Object value) {
    try {
      return WRITER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  static AlertEvent event(long seq, String json) {
    try {
      return EVENT.readValue(json);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new StoreException("unreadable payload of event " + seq + ": " + e.getMessage(), e);
    }
  }

  static Alert alert(long seq, String json) {
    try {
      return ALERT.readValue(json);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new StoreException("unreadable payload of the alert at event " + seq + ": " + e.getMessage(), e);
    }
  }
}
