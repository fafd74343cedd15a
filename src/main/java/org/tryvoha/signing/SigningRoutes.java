package org.tryvoha.signing;

import org.tryvoha.event.EncodedEvent;
import org.tryvoha.feature.Feature;
import org.tryvoha.feature.Routes;

/** {@code GET /.well-known/tryvoha-keys.json}: the public keys that sign events, current and retired. */
public final class SigningRoutes implements Feature {
    private final EventSigner signer;

    public SigningRoutes(EventSigner signer) {
        this.signer = signer;
    }

    @Override
    public void mount(Routes routes) {
        routes.router()
                .get(Signing.WELL_KNOWN)
                .handler(ctx -> ctx.response()
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "public, max-age=60")
                        .end(EncodedEvent.toJson(Signing.document(signer))));
    }
}
