package org.tryvoha.feature;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * What a feature mounts its routes with, on one event loop.
 *
 * @param vertx the server's Vert.x (for blocking work on workers)
 * @param router this event loop's router; routes match in the order they are added
 * @param body the body handler with the server's size limit, to put in front of routes that read a body
 */
public record Routes(Vertx vertx, Router router, BodyHandler body) {}
