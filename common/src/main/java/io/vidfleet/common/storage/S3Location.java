package io.vidfleet.common.storage;

import io.vidfleet.common.error.BadInputException;
import java.util.regex.Pattern;

/** {@code s3://BUCKET[/PREFIX]}: a bucket and a key prefix (empty, or ending in "/"). */
public record S3Location(String bucket, String prefix) {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public static boolean isS3(String location) {
        return location != null && location.startsWith("s3://");
    }

    public static S3Location parse(String uri) {
        if (!isS3(uri)) {
            throw new BadInputException("not an s3:// location: " + uri);
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (!BUCKET.matcher(bucket).matches()) {
            throw new BadInputException("not a valid S3 bucket name in " + uri + ": '" + bucket + "'");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        return new S3Location(bucket, prefix);
    }

    /** One object: the prefix is its whole key. */
    public String objectKey() {
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
