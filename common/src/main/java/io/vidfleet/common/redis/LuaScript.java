package io.vidfleet.common.redis;

import io.vidfleet.common.error.VidfleetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script from the classpath, run by SHA with a fallback to EVAL. A line {@code --- @include "name"}
 * is replaced by {@code name.lua} (shared helpers, written once). Scripts on a job get their keys from
 * {@link #runOnJob}: the job's keys in {@link RedisKeys#jobKeys} order, then the tasks' hashes.
 */
public final class LuaScript {
    private static final String DIR = "/io/vidfleet/common/queue/";
    private static final Pattern INCLUDE = Pattern.compile("^--- @include \"([a-z_]+)\"\\s*$");
    private final String name;
    private final String source;
    private volatile String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
    }

    public static LuaScript load(String name) {
        return new LuaScript(name, withIncludes(resource(name + ".lua")));
    }

    private static String withIncludes(String source) {
        StringBuilder out = new StringBuilder();
        for (String line : source.split("\n", -1)) {
            Matcher include = INCLUDE.matcher(line);
            String name = include.matches() ? include.group(1) : null;
            out.append(name == null ? line : name.equals("states") ? StateTables.lua() : withIncludes(resource(name + ".lua"))).append('\n');
        }
        return out.toString();
    }

    /**
     * Runs a script on one job: KEYS are the job's keys then the hashes of {@code taskIds}; ARGV are
     * {@code taskIds} then {@code args} (see {@code lib.lua}).
     */
    public Object runOnJob(UnifiedJedis redis, RedisKeys keys, String jobId, List<String> taskIds, List<String> args) {
        return runOnJob(redis, keys, jobId, taskIds, QueueKeys.NONE, args);
    }

    /** As {@link #runOnJob}, the queue's keys given too, after the tasks (a single Redis only: see {@code lib.lua}). */
    public Object runOnJob(UnifiedJedis redis, RedisKeys keys, String jobId, List<String> taskIds, QueueKeys queueKeys,
                           List<String> args) {
        return run(redis, scriptKeys(keys, jobId, taskIds, queueKeys), argv(taskIds, queueKeys, args));
    }

    /**
     * Queues a run on one job in {@code pipeline} (its reply comes with the pipeline's). The script is
     * loaded first when this process has not yet; a Redis that lost it since answers NOSCRIPT through the
     * reply: the caller tells {@link #lost} and runs it again with {@link #runOnJob}.
     */
    public Response<Object> runOnJob(AbstractPipeline pipeline, UnifiedJedis redis, RedisKeys keys, String jobId,
                                     List<String> taskIds, QueueKeys queueKeys, List<String> args) {
        List<String> scriptKeys = scriptKeys(keys, jobId, taskIds, queueKeys);
        String known = sha;
        if (known == null) {
            known = redis.scriptLoad(source, scriptKeys.get(0));
            sha = known;
        }
        return pipeline.evalsha(known, scriptKeys, argv(taskIds, queueKeys, args));
    }

    private static List<String> scriptKeys(RedisKeys keys, String jobId, List<String> taskIds, QueueKeys queueKeys) {
        List<String> all = new ArrayList<>(keys.jobKeys(jobId, taskIds));
        all.addAll(queueKeys.keys());
        return all;
    }

    /** ARGV: the tasks' ids, the queue keys' pseudo-ids, then the script's own arguments ({@code lib.lua}). */
    private static List<String> argv(List<String> taskIds, QueueKeys queueKeys, List<String> args) {
        List<String> all = new ArrayList<>(taskIds.size() + queueKeys.ids().size() + args.size());
        all.addAll(taskIds);
        all.addAll(queueKeys.ids());
        all.addAll(args);
        return all;
    }

    /** Redis said it lost this script (NOSCRIPT through a pipeline): the next pipelined run loads it again. */
    public void lost() {
        sha = null;
    }

    public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        String known = sha;
        if (known != null) {
            try {
                return redis.evalsha(known, keys, args);
            } catch (JedisNoScriptException e) {
                // Redis restarted or flushed its script cache: send the source again
            }
        }
        sha = redis.scriptLoad(source, keys.get(0));
        return redis.evalsha(sha, keys, args);
    }

    public String name() {
        return name;
    }

    private static String resource(String file) {
        try (InputStream in = LuaScript.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new VidfleetException("missing script resource " + DIR + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VidfleetException("cannot read script " + file, e);
        }
    }
}
