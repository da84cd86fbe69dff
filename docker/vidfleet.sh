#!/bin/sh
# The vidfleet command in the image. exec: the JVM is PID 1 and gets SIGTERM (a worker then stops claiming
# and hands back its chunks after --grace-seconds).
exec java -XX:+ExitOnOutOfMemoryError $VIDFLEET_JAVA_OPTS -jar /opt/vidfleet/vidfleet.jar "$@"
