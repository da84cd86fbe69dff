package io.vidfleet.common.redis;

import io.vidfleet.common.error.VidfleetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script from the classpath, run as a Redis function (FCALL; Redis 7.0 and later) or, on an older Redis, by
 * SHA (EVALSHA, loaded with SCRIPT LOAD). A script's leading lines {@code --- @include "name"} are replaced by
 * {@code name.lua} (shared helpers, written once); the rest is its body. As a function, the helpers are defined
 * once, when the library is loaded, and each call runs the body alone: defining them anew at every call made
 * garbage that Redis's Lua collected at a cost. Each script is a library of its own, named with the hash of its
 * code ({@code vf_claim_<hash>}, see {@link #functionName}), so processes of different builds never replace each
 * other's. Redis keeps loaded functions (in its RDB and AOF); one that lost them (a restart without persistence,
 * FUNCTION FLUSH) gets them again at the next call. Scripts on a job get their keys from {@link #runOnJob}: the
 * job's keys in {@link RedisKeys#jobKeys} order, then the tasks' hashes.
 */
public final class LuaScript {
    /** The commands that run a script, as INFO commandstats names them (counting script calls). */
    public static final List<String> CALL_COMMANDS = List.of("fcall", "evalsha", "eval");
    private static final String DIR = "/io/vidfleet/common/queue/";
    private static final Pattern INCLUDE = Pattern.compile("^--- @include \"([a-z_]+)\"\\s*$");
    /**
     * Helpers that keep a call's state in the library (lib.lua's begin_call) define this, and the function calls it
     * after the body: a library outlives its calls, and what one call kept (a job's whole task list) must not stay
     * referenced for every later garbage collection to walk. A call that fails leaves it to the next call.
     */
    private static final String END_CALL = "local function end_call()";
    /** Stands for the function's name in the code its name is the hash of. */
    static final String NAME_PLACEHOLDER = "<name>";
    private final String name;
    private final String source;
    private final String functionName;
    private final String library;
    /** Set once the Redis in use said it has no functions (before 7.0): run by SHA until it loses the script. */
    private volatile boolean shaOnly;
    private volatile String sha;

    private LuaScript(String name, String helpers, String body) {
        this.name = name;
        this.source = helpers + body;
        // named with the hash of all the code Redis will hold, the wrapper below included
        String code = "#!lua name=" + NAME_PLACEHOLDER + "\n" + helpers
                + "local function run(KEYS, ARGV)\n" + body + "\nend\n"
                + "redis.register_function('" + NAME_PLACEHOLDER + "', function(KEYS, ARGV)\n"
                + "  local reply = run(KEYS, ARGV)\n" + (helpers.contains(END_CALL) ? "  end_call()\n" : "")
                + "  return reply\nend)\n";
        this.functionName = "vf_" + name + "_" + sha1(code).substring(0, 16);
        this.library = code.replace(NAME_PLACEHOLDER, functionName);
    }

    /** Of calls per command (as INFO commandstats counts them), those that ran a script. */
    public static long scriptCalls(Map<String, Long> callsPerCommand) {
        return CALL_COMMANDS.stream().mapToLong(command -> callsPerCommand.getOrDefault(command, 0L)).sum();
    }

    public static LuaScript load(String name) {
        StringBuilder helpers = new StringBuilder();
        List<String> lines = List.of(resource(name + ".lua").split("\n", -1));
        int first = 0;
        for (; first < lines.size(); first++) {
            Matcher include = INCLUDE.matcher(lines.get(first));
            if (!include.matches()) {
                break;
            }
            helpers.append(included(include.group(1)));
        }
        List<String> body = lines.subList(first, lines.size());
        if (body.stream().anyMatch(line -> INCLUDE.matcher(line).matches())) {
            throw new VidfleetException("script " + name + ": includes come before the body");
        }
        return new LuaScript(name, helpers.toString(), String.join("\n", body));
    }

    /** An included file, its own includes (anywhere in it) expanded. */
    private static String included(String name) {
        if (name.equals("states")) {
            return StateTables.lua() + "\n";
        }
        StringBuilder out = new StringBuilder();
        for (String line : resource(name + ".lua").split("\n", -1)) {
            Matcher include = INCLUDE.matcher(line);
            out.append(include.matches() ? included(include.group(1)) : line + "\n");
        }
        return out.toString();
    }

    /**
     * Runs a script on one job: KEYS are the job's keys then the hashes of {@code taskIds}; ARGV are
     * {@code args} then {@code taskIds} (see {@code lib.lua}).
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
     * Queues a run on one job in {@code pipeline} (its reply comes with the pipeline's). A Redis that does not have
     * the script (not loaded yet, lost, no functions) answers so through the reply: the caller asks {@link #lostBy}
     * and runs it again with {@link #runOnJob}, which loads it.
     */
    public Response<Object> runOnJob(AbstractPipeline pipeline, UnifiedJedis redis, RedisKeys keys, String jobId,
                                     List<String> taskIds, QueueKeys queueKeys, List<String> args) {
        List<String> scriptKeys = scriptKeys(keys, jobId, taskIds, queueKeys);
        List<String> argv = argv(taskIds, queueKeys, args);
        return shaOnly ? pipeline.evalsha(loadedSha(redis, scriptKeys.get(0)), scriptKeys, argv)
                : pipeline.fcall(functionName, scriptKeys, argv);
    }

    private static List<String> scriptKeys(RedisKeys keys, String jobId, List<String> taskIds, QueueKeys queueKeys) {
        List<String> all = new ArrayList<>(keys.jobKeys(jobId, taskIds));
        all.addAll(queueKeys.keys());
        return all;
    }

    /**
     * ARGV: the script's own arguments, then the tasks' ids and the queue keys' pseudo-ids ({@code lib.lua}): the
     * arguments first, so that a script reads them from ARGV itself instead of a copy.
     */
    private static List<String> argv(List<String> taskIds, QueueKeys queueKeys, List<String> args) {
        List<String> all = new ArrayList<>(args.size() + taskIds.size() + queueKeys.ids().size());
        all.addAll(args);
        all.addAll(taskIds);
        all.addAll(queueKeys.ids());
        return all;
    }

    /**
     * True when {@code error}, a reply to this script, says the Redis in use does not have it: not loaded yet,
     * restarted, flushed, or another Redis, one without functions (before 7.0) among them. The next run loads it
     * (and a Redis that lost a script run by SHA is asked again whether it has functions). False for any other error.
     */
    public boolean lostBy(JedisDataException error) {
        String message = String.valueOf(error.getMessage());
        if (error instanceof JedisNoScriptException) {
            sha = null;
            shaOnly = false;
            return true;
        }
        if (isUnknownCommand(message)) {
            shaOnly = true;
            return true;
        }
        return isFunctionMissing(message);
    }

    /** Three tries: a Redis that lost a script run by SHA may then say it has no functions, and then load it by SHA. */
    public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call(redis, keys, args);
            } catch (JedisDataException e) {
                if (attempt == 3 || !lostBy(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Calls the function, loading it only when Redis says it has none by that name: the processes of a fleet that
     * start together find it loaded by the first, and Redis compiles it once (each load takes it half a millisecond).
     */
    private Object call(UnifiedJedis redis, List<String> keys, List<String> args) {
        if (shaOnly) {
            return redis.evalsha(loadedSha(redis, keys.get(0)), keys, args);
        }
        try {
            return redis.fcall(functionName, keys, args);
        } catch (JedisDataException e) {
            if (!isFunctionMissing(String.valueOf(e.getMessage()))) {
                throw e;
            }
        }
        redis.functionLoadReplace(library);
        return redis.fcall(functionName, keys, args);
    }

    private String loadedSha(UnifiedJedis redis, String sampleKey) {
        String known = sha;
        if (known == null) {
            known = redis.scriptLoad(source, sampleKey);
            sha = known;
        }
        return known;
    }

    private static boolean isFunctionMissing(String message) {
        return message.startsWith("ERR Function not found");
    }

    private static boolean isUnknownCommand(String message) {
        return message.startsWith("ERR unknown command");
    }

    /** The Redis function this script is ({@code vf_<script>_<hash of its code>}); FUNCTION LIST shows it. */
    public String functionName() {
        return functionName;
    }

    public String name() {
        return name;
    }

    static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
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
