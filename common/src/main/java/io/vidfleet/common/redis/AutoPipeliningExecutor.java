package io.vidfleet.common.redis;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * Sends the commands of all the threads of a process over one connection, pipelined, as a Node.js client
 * does: a thread writes its command at once, then waits for its reply. Whichever waiting thread finds no one
 * reading reads the replies in order, its own and those before it, and hands each to its thread. Redis then
 * reads several commands, and writes several replies, per system call, and so do we.
 * <p>
 * A blocking command (BLPOP, XREAD BLOCK) would hold up every other thread: it takes a pooled connection
 * of its own instead, as do transactions and pipelines.
 */
public final class AutoPipeliningExecutor implements CommandExecutor {
    private final ConnectionProvider provider;
    private final Supplier<Line.Wire> connect;
    private final ReentrantLock writing = new ReentrantLock();
    /** Only the thread holding {@link #writing} replaces it. */
    private volatile Line line;

    public AutoPipeliningExecutor(ConnectionProvider provider, HostAndPort node, JedisClientConfig config) {
        this.provider = provider;
        this.connect = () -> new Line.Wire(node, config);
    }

    @Override
    public <T> T executeCommand(CommandObject<T> command) {
        if (command.getArguments().isBlocking()) {
            try (Connection own = provider.getConnection(command.getArguments())) {
                return own.executeCommand(command);
            }
        }
        Call<T> call = new Call<>(command, Thread.currentThread());
        Line sent = send(call);
        boolean interrupted = false;
        while (!call.done) {
            if (sent.reading.tryLock()) {
                try {
                    sent.readUpTo(call);
                } finally {
                    sent.reading.unlock();
                }
                sent.wakeNextReader();
            } else {
                LockSupport.park(this);
                // the command is on the wire and its reply will be read: keep an interrupt for after it
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return call.result();
    }

    /** Writes the command; the line it went on, whose replies come in the order its commands went. */
    private Line send(Call<?> call) {
        writing.lock();
        try {
            Line current = line;
            if (current == null || current.broken) {
                current = new Line(connect.get());
                line = current;
            }
            // a thread waiting to write next flushes for both: one system call, and one read on Redis's side
            current.write(call, !writing.hasQueuedThreads());
            return current;
        } catch (RuntimeException e) {
            call.fail(e); // no connection at all: nothing was written
            return Line.CLOSED;
        } finally {
            writing.unlock();
        }
    }

    @Override
    public void close() {
        writing.lock();
        try {
            if (line != null) {
                line.breakDown(new JedisConnectionException("the Redis client was closed"));
            }
        } finally {
            writing.unlock();
        }
        try {
            provider.close();
        } catch (Exception e) {
            throw new JedisConnectionException("closing the Redis connections failed: " + e.getMessage(), e);
        }
    }

    /** One connection and the calls written on it whose replies have not been read yet, in order. */
    private static final class Line {
        static final Line CLOSED = new Line(null);

        private final Wire wire;
        private final Queue<Call<?>> awaiting = new ConcurrentLinkedQueue<>();
        final ReentrantLock reading = new ReentrantLock();
        volatile boolean broken;

        Line(Wire wire) {
            this.wire = wire;
            this.broken = wire == null;
        }

        /** Under the executor's write lock. */
        void write(Call<?> call, boolean flush) {
            awaiting.add(call); // before the bytes: a reader may see the reply at once
            try {
                wire.sendCommand(call.command.getArguments());
                if (flush) {
                    wire.flushNow();
                }
            } catch (RuntimeException e) {
                breakDown(e);
            }
        }

        /** Under {@link #reading}: reads replies in order until {@code mine} has its own. */
        void readUpTo(Call<?> mine) {
            while (!mine.done) {
                Call<?> next = awaiting.poll();
                if (next == null) {
                    mine.fail(new JedisConnectionException("the connection to Redis broke before the reply came"));
                    return;
                }
                Object reply;
                try {
                    reply = readOne();
                } catch (RuntimeException e) {
                    next.fail(e);
                    breakDown(e);
                    return;
                }
                next.answer(reply);
            }
        }

        private Object readOne() {
            try {
                return wire.getUnflushedObject();
            } catch (JedisConnectionException e) {
                throw e;
            } catch (JedisDataException e) {
                return e; // an error reply, read whole: it fails its own command only
            }
        }

        void wakeNextReader() {
            Call<?> next = awaiting.peek();
            if (next != null) {
                LockSupport.unpark(next.thread);
            }
        }

        /** The replies may be out of step with the calls: every waiting call fails, and the line is never used again. */
        synchronized void breakDown(RuntimeException e) {
            broken = true;
            try {
                wire.close();
            } catch (RuntimeException ignored) {
                // given up anyway
            }
            for (Call<?> call; (call = awaiting.poll()) != null; ) {
                call.fail(e);
            }
        }

        /** A Jedis connection whose buffered commands may be sent without reading a reply. */
        static final class Wire extends Connection {
            Wire(HostAndPort node, JedisClientConfig config) {
                super(node, config);
            }

            void flushNow() {
                flush();
            }
        }
    }

    /** One thread's command, its reply or failure, and the thread to wake when either comes. */
    private static final class Call<T> {
        private final CommandObject<T> command;
        private final Thread thread;
        private T value;
        private RuntimeException failure;
        private volatile boolean done;

        Call(CommandObject<T> command, Thread thread) {
            this.command = command;
            this.thread = thread;
        }

        void answer(Object reply) {
            try {
                if (reply instanceof JedisDataException error) {
                    failure = error;
                } else {
                    value = command.getBuilder().build(reply);
                }
            } catch (RuntimeException e) {
                failure = e;
            }
            finish();
        }

        synchronized void fail(RuntimeException e) {
            if (!done) {
                failure = e;
                finish();
            }
        }

        private void finish() {
            done = true;
            LockSupport.unpark(thread);
        }

        T result() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }
}
