package io.vidfleet.cli;

import io.vidfleet.api.ApiServer;
import io.vidfleet.api.ApiSettings;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the HTTP API (/api/: submit, list, get, cancel, requeue jobs; workers; queues; dead letters) "
                + "and the web dashboard. Every API request needs 'Authorization: Bearer TOKEN'; /healthz needs none. "
                + "Prints the dashboard's URL.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped", "2:bad usage: no token, a short token, a port in use"})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "P", defaultValue = "8080", description = "port (0: any free one; default: ${DEFAULT-VALUE})", converter = OptionRanges.Port.class)
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only; there is no TLS, "
                    + "put a TLS proxy in front before binding elsewhere)")
    String bind;

    @Option(names = "--token", paramLabel = "T", defaultValue = "${env:VIDFLEET_API_TOKEN}",
            description = "the API token, at least 16 characters (default: $VIDFLEET_API_TOKEN, which keeps it out of ps)")
    String token;

    @Mixin
    RedisOption redis;

    @Mixin
    StorageOption storage;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ApiSettings settings = ApiSettings.of(bind, port, token);
        ApiServer server = ApiServer.start(settings, redis.open(), storage.open());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "serve-shutdown"));
        if (!server.address().getAddress().isLoopbackAddress()) {
            spec.commandLine().getErr().println("vidfleet: warning: listening on " + server.address()
                    + " without TLS; the token crosses the network in clear text");
        }
        spec.commandLine().getOut().println(server.uri());
        spec.commandLine().getOut().flush();
        stopped.await();
        return ExitCodes.OK;
    }
}
