package org.tributary.bench.recall;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A recall workload to replay: a name, the number of drives of the library it runs on, and the files asked for, in
 * the order they were asked for. Written and read as a small text file (a header, then one tab-separated line per
 * file), so a trace from a real system, or a generated one kept for later, replays the same way.
 */
public record Trace(String name, int drives, List<Recall> recalls) {

    static final String MAGIC = "# tributary recall-sim trace v1";

    public Trace {
        recalls = List.copyOf(recalls);
        if (drives < 1) throw new IllegalArgumentException("a trace needs at least one drive");
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) throw new IllegalArgumentException("bad trace name: '" + name + "'");
        for (int i = 1; i < recalls.size(); i++) {
            if (recalls.get(i).atMillis() < recalls.get(i - 1).atMillis()) throw new IllegalArgumentException("recalls must be in time order (line " + (i + 1) + ")");
        }
    }

    public long distinctCartridges() { return recalls.stream().map(Recall::cartridge).distinct().count(); }

    public long bytes() { return recalls.stream().mapToLong(Recall::size).sum(); }

    public long lastArrivalMillis() { return recalls.stream().mapToLong(Recall::atMillis).max().orElse(0); }

    public void write(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(MAGIC + "\n");
            out.write("name\t" + name + "\n");
            out.write("drives\t" + drives + "\n");
            out.write("# at_ms\trequester\tcartridge\tposition\tsize\n");
            for (Recall r : recalls) {
                out.write(r.atMillis() + "\t" + r.requester() + "\t" + r.cartridge() + "\t" + r.position() + "\t" + r.size() + "\n");
            }
        }
    }

    /** Reads a trace {@link #write} wrote (or one written by hand the same way); an error names the line. */
    public static Trace read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (!MAGIC.equals(first)) throw new IOException(file + ": not a recall-sim trace (the first line must be '" + MAGIC + "')");
            String name = null;
            Integer drives = null;
            List<Recall> recalls = new ArrayList<>();
            int number = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", -1);
                try {
                    if (f[0].equals("name") && f.length == 2) name = f[1];
                    else if (f[0].equals("drives") && f.length == 2) drives = Integer.parseInt(f[1]);
                    else if (f.length == 5) recalls.add(new Recall(Long.parseLong(f[0]), f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4])));
                    else throw new IllegalArgumentException("expected 'name', 'drives' or five tab-separated fields");
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + " line " + number + ": " + e.getMessage(), e);
                }
            }
            if (name == null || drives == null) throw new IOException(file + ": the 'name' and 'drives' lines are missing");
            try {
                return new Trace(name, drives, recalls);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
    }
}
