package org.tryvoha;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One real server per test class, on a free port with a fresh data directory. */
public abstract class ServerTestBase {
    @TempDir
    protected static Path dir;

    protected static TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }
}
