package org.tryvoha.delivery.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** A webhook endpoint on a free port: records every POST and answers with the statuses it is told, or holds the answer. */
final class Receiver implements AutoCloseable {
    record Request(Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
    /** Statuses to answer, in turn; when empty, {@link #then}. */
    final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();

    volatile IntSupplier then = () -> 200;
    /** When set, each answer waits for it (a slow endpoint). */
    volatile CountDownLatch hold;

    private final HttpServer server;

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            Map<String, String> h = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), v.get(0)));
            received.add(new Request(h, body));
            CountDownLatch l = hold;
            try {
                if (l != null && !l.await(60, TimeUnit.SECONDS))
                    throw new IllegalStateException("the test never released the slow receiver");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Integer s = statuses.poll();
            ex.sendResponseHeaders(s != null ? s : then.getAsInt(), -1);
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    Request next() throws InterruptedException {
        Request r = received.poll(30, TimeUnit.SECONDS);
        if (r == null) throw new AssertionError("the receiver at " + url() + " got no POST within 30 s");
        return r;
    }

    @Override
    public void close() {
        CountDownLatch l = hold;
        if (l != null) l.countDown();
        server.stop(0);
    }
}
