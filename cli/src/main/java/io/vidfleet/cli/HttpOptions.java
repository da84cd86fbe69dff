package io.vidfleet.cli;

import picocli.CommandLine.Option;

/** {@code --http-port P} and {@code --http-host H}: where a worker or coordinator serves /metrics and /healthz. */
final class HttpOptions {
    @Option(names = "--http-port", paramLabel = "P", defaultValue = "${env:VIDFLEET_HTTP_PORT}",
            description = "serve /metrics (Prometheus) and /healthz on this port (default: $VIDFLEET_HTTP_PORT, else none)", converter = OptionRanges.Port.class)
    Integer port;

    @Option(names = "--http-host", paramLabel = "H", defaultValue = "${env:VIDFLEET_HTTP_HOST:-127.0.0.1}",
            description = "address to bind /metrics and /healthz to (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface)")
    String host;
}
