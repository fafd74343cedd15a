package org.tryvoha.signing;

import io.vertx.ext.web.Router;
import org.tryvoha.event.EncodedEvent;

/** {@code GET /.well-known/tryvoha-keys.json}: the public keys that sign events, current and retired. */
public final class SigningRoutes {
  private SigningRoutes() {}

  public static void mount(Router r, EventSigner signer) {
    r.get(Signing.WELL_KNOWN).handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "public, max-age=60").end(EncodedEvent.toJson(Signing.document(signer))));
  }
}
