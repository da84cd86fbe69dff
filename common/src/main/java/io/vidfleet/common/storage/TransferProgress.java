package io.vidfleet.common.storage;

/** Told how far an upload or download has come; called from the transferring thread. */
@FunctionalInterface
public interface TransferProgress {
    TransferProgress NONE = (done, total) -> { };

    void transferred(long bytesDone, long bytesTotal);
}
