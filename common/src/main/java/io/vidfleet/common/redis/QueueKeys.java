package io.vidfleet.common.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * Keys of a job's queue that a script on the job is given after its tasks, each under a pseudo-id that no task
 * id can be ({@code lib.lua}): the queue's backlog, the queue indexes a worker's next claim tries, in order.
 * A single Redis only: in a cluster these keys live in other slots than the job's.
 */
public record QueueKeys(List<String> ids, List<String> keys) {
    public static final QueueKeys NONE = new QueueKeys(List.of(), List.of());
    private static final String BACKLOG = "+backlog";
    private static final String INDEX = "+index";

    public QueueKeys {
        ids = List.copyOf(ids);
        keys = List.copyOf(keys);
    }

    public static QueueKeys backlog(String key) {
        return new QueueKeys(List.of(BACKLOG), List.of(key));
    }

    /** These keys and the queue indexes {@code indexKeys}, in the order a claim tries them. */
    public QueueKeys withIndexes(List<String> indexKeys) {
        List<String> moreIds = new ArrayList<>(ids);
        List<String> moreKeys = new ArrayList<>(keys);
        indexKeys.forEach(key -> {
            moreIds.add(INDEX);
            moreKeys.add(key);
        });
        return new QueueKeys(moreIds, moreKeys);
    }
}
