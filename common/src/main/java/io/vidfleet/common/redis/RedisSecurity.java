package io.vidfleet.common.redis;

import io.vidfleet.common.error.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * How vidfleet authenticates to Redis and trusts it, beside the URL: a password file (so no password
 * shows in {@code ps} or shell history), a private CA for {@code rediss://} (PEM), and a client
 * certificate and PKCS#8 key (PEM) for servers that ask for one. TLS always verifies the server's
 * host name against its certificate.
 */
public record RedisSecurity(Path passwordFile, Path caFile, Path clientCertFile, Path clientKeyFile) {

    public static RedisSecurity none() {
        return new RedisSecurity(null, null, null, null);
    }

    /** From {@code VIDFLEET_REDIS_PASSWORD_FILE}, {@code VIDFLEET_REDIS_CA}, {@code VIDFLEET_REDIS_CERT}, {@code VIDFLEET_REDIS_KEY}. */
    public static RedisSecurity fromEnvironment(Map<String, String> env) {
        return new RedisSecurity(path(env.get("VIDFLEET_REDIS_PASSWORD_FILE")), path(env.get("VIDFLEET_REDIS_CA")),
                path(env.get("VIDFLEET_REDIS_CERT")), path(env.get("VIDFLEET_REDIS_KEY")));
    }

    private static Path path(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /** The password in the password file (its first line), or null without one. */
    public String password() {
        if (passwordFile == null) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(passwordFile, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw new BadInputException("the Redis password file " + passwordFile + " is empty");
            }
            return lines.get(0);
        } catch (IOException e) {
            throw new BadInputException("cannot read the Redis password file " + passwordFile + ": " + e.getMessage(), e);
        }
    }

    /** Verifies the server's host name (or IP address) against its certificate during the handshake. */
    public SSLParameters sslParameters() {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }

    /** A socket factory trusting the private CA (else the JDK's CAs) and presenting the client certificate, if any. */
    public SSLSocketFactory socketFactory() {
        if ((clientCertFile == null) != (clientKeyFile == null)) {
            throw new BadInputException("a Redis client certificate needs both --redis-cert and --redis-key");
        }
        try {
            TrustManagerFactory trust = null;
            if (caFile != null) {
                KeyStore anchors = emptyStore();
                int i = 0;
                for (Certificate certificate : certificates(caFile)) {
                    anchors.setCertificateEntry("ca-" + i++, certificate);
                }
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(anchors);
            }
            KeyManagerFactory keys = null;
            if (clientCertFile != null) {
                KeyStore identity = emptyStore();
                char[] none = new char[0];
                identity.setKeyEntry("client", privateKey(clientKeyFile), none,
                        certificates(clientCertFile).toArray(Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(identity, none);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new BadInputException("cannot set up TLS for Redis: " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> found = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (found.isEmpty()) {
                throw new BadInputException("no certificate in " + file);
            }
            return new ArrayList<>(found);
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new BadInputException("the Redis client key " + file + " must be an unencrypted PKCS#8 PEM key "
                    + "(convert it: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
        }
        String base64 = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"));
        byte[] der = Base64.getMimeDecoder().decode(base64);
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new BadInputException("the Redis client key " + file + " is not an RSA, EC or EdDSA key");
    }
}
