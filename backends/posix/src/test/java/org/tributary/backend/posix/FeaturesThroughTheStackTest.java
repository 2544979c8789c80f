package org.tributary.backend.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.tributary.backend.AreaPath;
import org.tributary.backend.ForwardingBackend;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.tributary.backend.checksum.ChecksummingBackend;
import org.tributary.backend.quota.QuotaBackend;
import org.tributary.backend.stack.BackendStack;

/**
 * A feature of the raw backend (here: staging, as a tape backend will offer) is found from the top of the stack the
 * gateway builds, through every layer; each layer is found the same way.
 */
class FeaturesThroughTheStackTest {

    /** What a tape backend offers beyond the SPI. */
    interface Staging {
        void stage(AreaPath path);
    }

    /** A raw backend with a feature of its own (POSIX underneath, for the SPI calls). */
    static final class TapeLikeBackend extends ForwardingBackend implements Staging {
        TapeLikeBackend(StorageBackend disk) { super(disk); }

        @Override
        public void stage(AreaPath path) { }
    }

    /** A layer that keeps a feature of the layers below from its callers. */
    static final class StagingHidingLayer extends ForwardingBackend {
        StagingHidingLayer(StorageBackend delegate) { super(delegate); }

        @Override
        public <T> Optional<T> feature(Class<T> type) {
            return type == Staging.class ? Optional.empty() : super.feature(type);
        }
    }

    @Test
    void aFeatureOfTheRawBackendIsFoundFromTheTopOfTheStack() throws IOException {
        try (Area a = Area.open(Area.Kind.JIMFS_PLAIN)) {
            TapeLikeBackend raw = new TapeLikeBackend(a.backend);
            StorageBackend top = BackendStack.build(raw, new BackendStack.Layers(List.of(ChecksumAlgorithm.ADLER32),
                    OptionalLong.of(1 << 20), Duration.ofHours(1)));
            assertSame(raw, top.feature(Staging.class).orElseThrow());
            assertSame(top, top.feature(ChecksummingBackend.class).orElseThrow());
            QuotaBackend quota = top.feature(QuotaBackend.class).orElseThrow();
            assertSame(raw, quota.delegate());
            assertSame(a.backend, top.feature(PosixBackend.class).orElseThrow());
            assertEquals(Optional.empty(), top.feature(Runnable.class));
        }
    }

    @Test
    void onlyTheConfiguredLayersAreThere() throws IOException {
        try (Area a = Area.open(Area.Kind.JIMFS_PLAIN)) {
            StorageBackend top = BackendStack.build(new TapeLikeBackend(a.backend),
                    BackendStack.Layers.checksumsOnly(List.of()));
            assertTrue(top.feature(QuotaBackend.class).isEmpty(), "no quota configured, no quota layer");
            assertTrue(top.feature(Staging.class).isPresent());
            assertTrue(top.feature(ChecksummingBackend.class).isPresent(), "every area has the checksum layer");
        }
    }

    @Test
    void aBackendWithoutTheFeatureAnswersEmpty() throws IOException {
        try (Area a = Area.open(Area.Kind.JIMFS_PLAIN)) {
            assertSame(a.backend, a.backend.feature(StorageBackend.class).orElseThrow());
            StorageBackend top = BackendStack.build(a.backend, BackendStack.Layers.checksumsOnly(List.of()));
            assertEquals(Optional.empty(), top.feature(Staging.class));
        }
    }

    @Test
    void aLayerCanAnswerForTheLayersBelow() throws IOException {
        try (Area a = Area.open(Area.Kind.JIMFS_PLAIN)) {
            StorageBackend top = new StagingHidingLayer(new TapeLikeBackend(a.backend));
            assertEquals(Optional.empty(), top.feature(Staging.class));
            assertSame(a.backend, top.feature(PosixBackend.class).orElseThrow());
        }
    }
}
