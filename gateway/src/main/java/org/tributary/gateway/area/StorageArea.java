package org.tributary.gateway.area;

import org.tributary.backend.StorageBackend;
import org.tributary.backend.checksum.ChecksummingBackend;
import org.tributary.gateway.config.StorageAreaConfig;

/**
 * A storage area at run time: its configuration and its backend stack (the raw backend wrapped by quota and
 * checksum layers). Handlers talk to {@link #backend()}, the top of the stack.
 */
public final class StorageArea {

    private final StorageAreaConfig config;
    private final StorageBackend backend;
    private final ChecksummingBackend checksums;

    public StorageArea(StorageAreaConfig config, StorageBackend raw) {
        this.config = config;
        StorageBackend stack = raw;
        if (config.quotaBytes() != null) {
            stack = new QuotaBackend(stack, config.quotaBytes(), config.quotaRescan());
        }
        this.checksums = new ChecksummingBackend(stack, config.checksums());
        this.backend = checksums;
    }

    public String name() { return config.name(); }

    public StorageAreaConfig config() { return config; }

    public StorageBackend backend() { return backend; }

    public ChecksummingBackend checksums() { return checksums; }
}
