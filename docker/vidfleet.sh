#!/bin/sh
# The vidfleet command in the image. exec: the JVM is PID 1 and gets SIGTERM (a worker then stops claiming
# and hands back its chunks after --grace-seconds).
# C1 only and the serial collector (JvmOptions.LEAN): the JVM mostly waits, FFmpeg gets the CPU
exec java -XX:+ExitOnOutOfMemoryError -XX:TieredStopAtLevel=1 -XX:+UseSerialGC $VIDFLEET_JAVA_OPTS -jar /opt/vidfleet/vidfleet.jar "$@"
