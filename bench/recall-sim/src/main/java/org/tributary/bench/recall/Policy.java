package org.tributary.bench.recall;

import java.util.List;
import java.util.function.Supplier;

import org.tributary.backend.tape.model.DriveSpec;
import org.tributary.backend.tape.schedule.CartridgeScheduler;
import org.tributary.backend.tape.schedule.FifoScheduler;
import org.tributary.backend.tape.schedule.RecallScheduler;

/** A recall policy under test, by the name the library's {@code scheduler:} key gives it; a fresh scheduler per run. */
public record Policy(String name, Supplier<RecallScheduler> scheduler) {

    public static final Policy FIFO = new Policy("fifo", FifoScheduler::new);
    public static final Policy CARTRIDGE = new Policy("cartridge",
            () -> new CartridgeScheduler(DriveSpec.lto9(), CartridgeScheduler.Settings.defaults()));

    public static List<Policy> all() { return List.of(FIFO, CARTRIDGE); }
}
