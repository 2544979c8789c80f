package org.tributary.gateway.area;

import org.tributary.backend.StorageBackend;
import org.tributary.backend.checksum.ChecksummingBackend;
import org.tributary.backend.stack.BackendStack;
import org.tributary.gateway.config.StorageAreaConfig;

import java.util.OptionalLong;

/**
 * A storage area at run time: its configuration and its backend stack, built by {@link BackendStack} from the area's
 * settings. Handlers talk to {@link #backend()}, the top of the stack, and find what a layer offers beyond the SPI
 * with {@link StorageBackend#feature}.
 */
public final class StorageArea {

    private final StorageAreaConfig config;
    private final StorageBackend backend;
    private final ChecksummingBackend checksums;

    public StorageArea(StorageAreaConfig config, StorageBackend raw) {
        this.config = config;
        OptionalLong quota = config.quotaBytes() == null ? OptionalLong.empty() : OptionalLong.of(config.quotaBytes());
        this.backend = BackendStack.build(raw, new BackendStack.Layers(config.checksums(), quota, config.quotaRescan()));
        this.checksums = backend.feature(ChecksummingBackend.class).orElseThrow();
    }

    public String name() { return config.name(); }

    public StorageAreaConfig config() { return config; }

    public StorageBackend backend() { return backend; }

    /** The checksum layer of the stack (every area has one). */
    public ChecksummingBackend checksums() { return checksums; }
}
