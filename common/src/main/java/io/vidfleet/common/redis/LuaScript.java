package io.vidfleet.common.redis;

import io.vidfleet.common.error.VidfleetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** A Lua script from the classpath (with {@code lib.lua} before it), run by SHA with a fallback to EVAL. */
public final class LuaScript {
    private static final String DIR = "/io/vidfleet/common/queue/";
    private final String name;
    private final String source;
    private volatile String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
    }

    public static LuaScript load(String name) {
        return new LuaScript(name, resource("lib.lua") + "\n" + resource(name + ".lua"));
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
