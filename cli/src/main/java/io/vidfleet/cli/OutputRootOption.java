package io.vidfleet.cli;

import io.vidfleet.coordinator.OutputPolicy;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --output-root DIR}: besides the storage, the one directory outputs may be written to. */
final class OutputRootOption {
    @Option(names = "--output-root", paramLabel = "DIR", defaultValue = "${env:VIDFLEET_OUTPUT_ROOT}",
            description = "outputs may go under this directory as well as under the storage (default: $VIDFLEET_OUTPUT_ROOT)")
    Path outputRoot;

    OutputPolicy policy(Path storageRoot, boolean anywhere) {
        return OutputPolicy.under(storageRoot, outputRoot).withAnywhere(anywhere);
    }

    /** What the cluster's operator set for every node: outputs anywhere (coordinator --allow-any-output). */
    static boolean anywhereFromEnvironment() {
        return "1".equals(System.getenv("VIDFLEET_ALLOW_ANY_OUTPUT")) || "true".equalsIgnoreCase(System.getenv("VIDFLEET_ALLOW_ANY_OUTPUT"));
    }
}
