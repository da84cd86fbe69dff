# An S3-compatible server for compose's "s3" profile: S3Proxy (Apache-2.0, from Maven Central) keeping the
# objects in a volume. Buckets are directories; S3PROXY_BUCKET is created at start, private.
ARG BASE=debian:bookworm-slim
FROM ${BASE}
ARG S3PROXY_VERSION=2.6.0
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10002 s3proxy && useradd --uid 10002 --gid 10002 --no-create-home s3proxy \
 && install -d -o s3proxy -g s3proxy /data /opt/s3proxy
ADD https://repo1.maven.org/maven2/org/gaul/s3proxy/${S3PROXY_VERSION}/s3proxy-${S3PROXY_VERSION}-jar-with-dependencies.jar /opt/s3proxy/s3proxy.jar
RUN chmod 0644 /opt/s3proxy/s3proxy.jar
USER s3proxy
EXPOSE 9000
# umask 077: the filesystem backend reads world-readable directories as public-read buckets
CMD ["sh", "-c", "umask 077 && mkdir -p \"/data/${S3PROXY_BUCKET:-vidfleet}\" && chmod 0700 /data \"/data/${S3PROXY_BUCKET:-vidfleet}\" && printf '%s\\n' \
  's3proxy.endpoint=http://0.0.0.0:9000' 's3proxy.authorization=aws-v2-or-v4' \
  \"s3proxy.identity=${S3PROXY_IDENTITY}\" \"s3proxy.credential=${S3PROXY_CREDENTIAL}\" \
  'jclouds.provider=filesystem' 'jclouds.filesystem.basedir=/data' > /tmp/s3proxy.conf \
  && exec java -jar /opt/s3proxy/s3proxy.jar --properties /tmp/s3proxy.conf"]
