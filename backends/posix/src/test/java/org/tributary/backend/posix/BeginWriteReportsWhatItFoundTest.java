package org.tributary.backend.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tributary.backend.posix.Area.p;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.stack.BackendStack;

/** PendingWrite.begun(): whether a file was at the path, and which parents the begin created; through the stack too. */
class BeginWriteReportsWhatItFoundTest {

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void aNewFileThreeLevelsDownReportsTheParentsItCreated(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.put("/d/keep", new byte[] {1});
            StorageBackend top = BackendStack.build(a.backend, BackendStack.Layers.checksumsOnly(List.of()));
            try (PendingWrite w = top.beginWrite(p("/d/x/y/z/f"), WriteOptions.defaults())) {
                assertEquals(new PendingWrite.Begun(false, List.of(p("/d/x"), p("/d/x/y"), p("/d/x/y/z"))), w.begun());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void anExistingFileIsReportedAndNothingIsCreated(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.put("/d/f", new byte[] {1});
            try (PendingWrite w = a.backend.beginWrite(p("/d/f"), WriteOptions.defaults())) {
                assertEquals(new PendingWrite.Begun(true, List.of()), w.begun());
            }
            try (PendingWrite w = a.backend.beginWrite(p("/d/g"), WriteOptions.defaults())) {
                assertEquals(new PendingWrite.Begun(false, List.of()), w.begun());
            }
        }
    }
}
