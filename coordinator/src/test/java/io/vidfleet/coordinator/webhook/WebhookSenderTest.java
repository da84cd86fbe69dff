package io.vidfleet.coordinator.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vidfleet.common.webhook.ClaimedDelivery;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookSenderTest {

    /** The JVM's exit waits up to 300 ms for a thread in native code, such as an HTTP client's selector. */
    @Test
    void aSenderThatSendsNothingStartsNoHttpClientThread() throws Exception {
        long before = selectorThreads();
        WebhookSender sender = new WebhookSender(Duration.ofSeconds(1));
        assertEquals(before, selectorThreads(), "no client until the first delivery");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        WebhookSender.Attempt attempt = sender.send(new ClaimedDelivery("d1", "127.0.0.1", 1,
                "http://127.0.0.1:" + closedPort + "/hook", "{}", Optional.empty(), "e1"), Optional.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertFalse(attempt.delivered());
        assertEquals(before + 1, selectorThreads(), "the first delivery makes the client");
    }

    private static long selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().matches("HttpClient-\\d+-SelectorManager")).count();
    }
}
