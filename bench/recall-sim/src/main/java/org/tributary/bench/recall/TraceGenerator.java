package org.tributary.bench.recall;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.tributary.backend.tape.model.DriveSpec;

/**
 * The three workloads the scheduler is judged on, each generated from a seed (the same seed gives the same trace, byte
 * for byte, on any JVM: {@link Random} is specified). Cartridges are LTO-9 sized; file positions never overlap.
 */
public final class TraceGenerator {

    private static final long GB = 1_000_000_000L;
    /** The requester of the sharing trace's bulk; the others are its small requests. */
    public static final String SHARING_BULK = "rucio-bulk";

    private TraceGenerator() {}

    /**
     * (a) LOFAR-style: one observation of 1,200 files (subbands of several beams, 4-8 GB each, about 7 TB) recalled as
     * one request in file-name order. The observation was migrated in short runs of one to six files interleaved with
     * other projects' data, so it is spread over 40 cartridges and consecutive names are mostly on different ones.
     */
    public static Trace lofar(long seed) {
        Random random = new Random(seed);
        Shelf shelf = new Shelf(8 * GB);
        List<String> cartridges = names("LOF", 40);
        List<Recall> recalls = new ArrayList<>();
        int files = 1_200;
        while (recalls.size() < files) {
            String cartridge = cartridges.get(random.nextInt(cartridges.size()));
            int run = Math.min(1 + random.nextInt(6), files - recalls.size());
            long slot = shelf.appendRun(cartridge, run, random.nextInt(40));
            for (int i = 0; i < run; i++) {
                long size = 4 * GB + (long) (random.nextDouble() * 4 * GB);
                recalls.add(new Recall(0, "lofar-L712345", cartridge, shelf.position(slot + i), size));
            }
        }
        return new Trace("lofar", 4, recalls);
    }

    /**
     * (b) Mixed: a busy hour of 600 small stage requests (one to twenty files, mostly a few, 0.5-5 GB each) arriving
     * at random (Poisson, one every six seconds on average) from many users, over 80 cartridges of which a few are
     * popular (weights falling as 1/rank); most files of a request are on one cartridge (a dataset), the rest
     * anywhere.
     */
    public static Trace mixed(long seed) { return mixed(seed, "mixed", 600, 6_000); }

    static Trace mixed(long seed, String name, int requests, double meanGapMillis) {
        Random random = new Random(seed);
        Shelf shelf = new Shelf(5 * GB);
        List<String> cartridges = names("MIX", 80);
        double[] cumulative = new double[cartridges.size()];
        double total = 0;
        for (int i = 0; i < cumulative.length; i++) cumulative[i] = total += 1.0 / (i + 1);
        List<Recall> recalls = new ArrayList<>();
        double at = 0;
        for (int request = 1; request <= requests; request++) {
            at += -Math.log(1 - random.nextDouble()) * meanGapMillis;
            int files = Math.min(20, 1 + (int) (-Math.log(1 - random.nextDouble()) * 3));
            String home = cartridges.get(pick(cumulative, random));
            for (int i = 0; i < files; i++) {
                String cartridge = random.nextDouble() < 0.7 ? home : cartridges.get(pick(cumulative, random));
                long size = GB / 2 + (long) (random.nextDouble() * 4.5 * GB);
                recalls.add(new Recall((long) at, "req-%04d".formatted(request), cartridge, shelf.anywhere(cartridge, random), size));
            }
        }
        return new Trace(name, 4, recalls);
    }

    /**
     * (c) Rucio bulk: one FTS bring-online request of 2,000 files (1-6 GB, a rule's worth of several datasets) spread
     * evenly over 150 cartridges, in the order Rucio lists them, on a library with eight drives.
     */
    public static Trace rucioBulk(long seed) {
        Random random = new Random(seed);
        Shelf shelf = new Shelf(6 * GB);
        List<String> cartridges = names("RUC", 150);
        List<Recall> recalls = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String cartridge = cartridges.get(random.nextInt(cartridges.size()));
            long size = GB + (long) (random.nextDouble() * 5 * GB);
            recalls.add(new Recall(0, "rucio-rule-0001", cartridge, shelf.anywhere(cartridge, random), size));
        }
        return new Trace("rucio-bulk", 8, recalls);
    }

    /**
     * (d) Sharing: a Rucio bulk of 2,000 files over 100 cartridges asked for at the start, and 60 small requests (one
     * to three files, on other cartridges) arriving one every two minutes while the bulk is read, on four drives:
     * whether a small request waits for the bulk.
     */
    public static Trace sharing(long seed) {
        Random random = new Random(seed);
        Shelf shelf = new Shelf(6 * GB);
        List<String> bulk = names("BLK", 100);
        List<String> other = names("OTH", 60);
        List<Recall> recalls = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String cartridge = bulk.get(random.nextInt(bulk.size()));
            recalls.add(new Recall(0, SHARING_BULK, cartridge, shelf.anywhere(cartridge, random), GB + (long) (random.nextDouble() * 5 * GB)));
        }
        for (int request = 1; request <= 60; request++) {
            String cartridge = other.get(random.nextInt(other.size()));
            for (int i = 0, files = 1 + random.nextInt(3); i < files; i++) {
                recalls.add(new Recall(request * 120_000L, "small-%02d".formatted(request), cartridge, shelf.anywhere(cartridge, random),
                        GB + (long) (random.nextDouble() * 5 * GB)));
            }
        }
        return new Trace("sharing", 4, recalls);
    }

    /** The three traces, from one seed. */
    public static List<Trace> all(long seed) { return List.of(lofar(seed), mixed(seed), rucioBulk(seed)); }

    private static List<String> names(String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) names.add("%s%03dL9".formatted(prefix, i));
        return names;
    }

    private static int pick(double[] cumulative, Random random) {
        double x = random.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) if (x < cumulative[i]) return i;
        return cumulative.length - 1;
    }

    /** Where files sit on the cartridges: fixed-size slots (the largest file's size), none used twice. */
    private static final class Shelf {
        private final long slotBytes;
        private final long slots;
        private final Map<String, Long> appendAt = new HashMap<>();
        private final Map<String, Set<Long>> used = new HashMap<>();

        Shelf(long slotBytes) {
            this.slotBytes = slotBytes;
            this.slots = DriveSpec.lto9().capacityBytes() / slotBytes;
        }

        long position(long slot) { return slot * slotBytes; }

        /** The first of {@code run} consecutive slots after {@code gap} slots of other data, appended like a migration. */
        long appendRun(String cartridge, int run, int gap) {
            long first = appendAt.getOrDefault(cartridge, 0L) + gap;
            if (first + run > slots) throw new IllegalStateException(cartridge + " is full");
            appendAt.put(cartridge, first + run);
            return first;
        }

        /** A free slot anywhere on the cartridge (a file of an older dataset). */
        long anywhere(String cartridge, Random random) {
            Set<Long> taken = used.computeIfAbsent(cartridge, c -> new HashSet<>());
            long slot;
            do slot = (long) (random.nextDouble() * slots); while (!taken.add(slot));
            return position(slot);
        }
    }
}
