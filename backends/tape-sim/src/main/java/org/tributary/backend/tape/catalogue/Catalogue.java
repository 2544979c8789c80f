package org.tributary.backend.tape.catalogue;

import org.sqlite.SQLiteDataSource;
import org.tributary.backend.placement.Placement;
import org.tributary.backend.staging.StageProgress;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The library's memory, in one SQLite file (decision 0024): which file is on which cartridge at which position, which
 * files have their bytes in the buffer, the cartridges, the recall queue and the pins. Everything the library must
 * not forget across a restart is here; the drive threads and the recall scheduler only hold what they are doing now.
 *
 * <p>One connection, one lock: SQLite has one writer anyway, and every statement here is a primary-key lookup or a
 * short indexed scan. A lock rather than {@code synchronized}, so a virtual thread waiting for it does not pin its
 * carrier (Java 21).
 */
public final class Catalogue implements Closeable {

    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, modified INTEGER NOT NULL,
              stamp TEXT NOT NULL, written INTEGER NOT NULL, collocation TEXT NOT NULL, on_disk INTEGER NOT NULL,
              cartridge TEXT, position INTEGER NOT NULL DEFAULT 0, adler32 TEXT, lost INTEGER NOT NULL DEFAULT 0,
              last_access INTEGER NOT NULL, placement TEXT, placed INTEGER, share_group TEXT);
            CREATE INDEX IF NOT EXISTS files_by_access ON files (on_disk, last_access);
            CREATE TABLE IF NOT EXISTS cartridges (id TEXT PRIMARY KEY, collocation TEXT NOT NULL,
              used INTEGER NOT NULL, unreadable INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS recalls (requester TEXT NOT NULL, path TEXT NOT NULL, state TEXT NOT NULL,
              started INTEGER, finished INTEGER, error TEXT, PRIMARY KEY (requester, path));
            CREATE INDEX IF NOT EXISTS recalls_by_path ON recalls (path);
            CREATE TABLE IF NOT EXISTS pins (requester TEXT NOT NULL, path TEXT NOT NULL, until INTEGER NOT NULL,
              PRIMARY KEY (requester, path));
            CREATE INDEX IF NOT EXISTS pins_by_path ON pins (path);
            """;
    /**
     * Columns added since the first schema, with the DDL that adds each to a catalogue written before it (issue 13: a
     * file's target placement and when it was given, NULL for a file never placed; the group of names that share one
     * buffer file, NULL for a file of its own). SQLite adds a nullable column without rewriting the table, so a
     * catalogue of any size opens at once.
     */
    private static final List<String[]> ADDED_COLUMNS = List.of(
            new String[] {"files", "placement", "ALTER TABLE files ADD COLUMN placement TEXT"},
            new String[] {"files", "placed", "ALTER TABLE files ADD COLUMN placed INTEGER"},
            new String[] {"files", "share_group", "ALTER TABLE files ADD COLUMN share_group TEXT"});
    /**
     * Indexes on added columns, created once the columns exist; partial, as few files are shared or wait to leave the
     * disk for their TAPE placement (looked for after every migration batch and release).
     */
    private static final List<String> ADDED_INDEXES = List.of(
            "CREATE INDEX IF NOT EXISTS files_by_share_group ON files (share_group) WHERE share_group IS NOT NULL",
            "CREATE INDEX IF NOT EXISTS files_placed_on_tape_on_disk ON files (path)"
                    + " WHERE placement = 'tape' AND on_disk = 1");
    private static final String FILE_COLUMNS = "f.path, f.size, f.modified, f.stamp, f.written, f.collocation, f.on_disk,"
            + " f.cartridge, f.position, f.adler32, f.lost OR coalesce(c.unreadable, 0), f.placement, f.placed";
    /** Files whose disk copy must stay: placed on disk, or on disk and tape (docs/tape.md, "Placement and QoS"). */
    private static final String KEPT_ON_DISK = "coalesce(f.placement, '') IN ('disk', 'disk+tape')";
    private static final String FILE_FROM = " FROM files f LEFT JOIN cartridges c ON c.id = f.cartridge ";
    /** A path or anything below it: compared by prefix, never by LIKE (names may hold '%' and '_'). */
    private static final String SUBTREE = "(path = ? OR substr(path, 1, ?) = ?)";

    private final Connection db;
    private final ReentrantLock lock = new ReentrantLock();

    private Catalogue(Connection db) {
        this.db = db;
    }

    public static Catalogue open(Path file) throws IOException {
        try {
            // the driver's own data source, not DriverManager: nothing depends on service files surviving shading
            SQLiteDataSource source = new SQLiteDataSource();
            source.setUrl("jdbc:sqlite:" + file);
            Connection c = source.getConnection();
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=5000");
                for (String ddl : SCHEMA.split(";")) if (!ddl.isBlank()) s.execute(ddl);
                for (String[] added : ADDED_COLUMNS) {
                    if (!hasColumn(s, added[0], added[1])) s.execute(added[2]);
                }
                for (String ddl : ADDED_INDEXES) s.execute(ddl);
            }
            return new Catalogue(c);
        } catch (SQLException e) {
            throw new IOException("cannot open the tape catalogue " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasColumn(Statement s, String table, String column) throws SQLException {
        try (ResultSet r = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (r.next()) if (r.getString("name").equals(column)) return true;
        }
        return false;
    }

    // ---- files

    public Optional<FileRecord> file(String path) throws IOException {
        List<FileRecord> l = files("SELECT " + FILE_COLUMNS + FILE_FROM + "WHERE f.path = ?", path);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
    }

    /**
     * A file was committed to the buffer: any tape copy of an earlier version is forgotten; the placement the path had
     * is kept (a class applies to a name, not to one version of its bytes).
     */
    public void written(String path, long size, Instant modified, String stamp, String collocation, Instant now)
            throws IOException {
        update("INSERT INTO files (path, size, modified, stamp, written, collocation, on_disk, last_access)"
                + " VALUES (?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (path) DO UPDATE SET size = excluded.size,"
                + " modified = excluded.modified, stamp = excluded.stamp, written = excluded.written,"
                + " collocation = excluded.collocation, on_disk = 1, cartridge = NULL, position = 0, adler32 = NULL,"
                + " lost = 0, last_access = excluded.last_access, share_group = NULL", path, size, nanos(modified), stamp,
                now.toEpochMilli(), collocation, now.toEpochMilli());
    }

    /**
     * {@code to} now shares the data of {@code from} (SharedCopy): its row is a copy of {@code from}'s - size, times,
     * stamp, whether the bytes are on disk, and the tape copy (cartridge, position, adler32), so a file on tape is not
     * written to tape again - with the placement {@code to} had, if any. Tape copies are never reclaimed (no repack),
     * so two rows may name the same cartridge segment and deleting either never harms the other.
     */
    public void shared(FileRecord from, String to, Instant now) throws IOException {
        inTransaction(() -> {
            // both names now have one buffer file: one share group, so the buffer's use counts its bytes once
            update("UPDATE files SET share_group = coalesce(share_group, ?) WHERE path = ?",
                    UUID.randomUUID().toString(), from.path());
            sharedRow(from, to, now);
            update("UPDATE files SET share_group = (SELECT share_group FROM files WHERE path = ?) WHERE path = ?",
                    from.path(), to);
        });
    }

    private void sharedRow(FileRecord from, String to, Instant now) throws IOException {
        update("INSERT INTO files (path, size, modified, stamp, written, collocation, on_disk, cartridge, position,"
                + " adler32, lost, last_access) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE"
                + " SET size = excluded.size, modified = excluded.modified, stamp = excluded.stamp,"
                + " written = excluded.written, collocation = excluded.collocation, on_disk = excluded.on_disk,"
                + " cartridge = excluded.cartridge, position = excluded.position, adler32 = excluded.adler32,"
                + " lost = excluded.lost, last_access = excluded.last_access", to, from.size(), nanos(from.modified()),
                from.stamp(), now.toEpochMilli(), from.collocation(), from.onDisk() ? 1 : 0,
                from.cartridge().orElse(null), from.position(), from.adler32(), from.lost() ? 1 : 0,
                now.toEpochMilli());
    }

    /**
     * Records a file's target placement; false when the catalogue has no such file or it has that placement already
     * (then nothing is written: the qos layer places every file it commits, mostly with the target the path had).
     */
    public boolean place(String path, Placement placement, Instant now) throws IOException {
        return update("UPDATE files SET placement = ?, placed = ? WHERE path = ? AND coalesce(placement, '') <> ?",
                placement.wireName(), now.toEpochMilli(), path, placement.wireName()) == 1;
    }

    public void accessed(String path, Instant now) throws IOException {
        update("UPDATE files SET last_access = ? WHERE path = ? AND on_disk = 1", now.toEpochMilli(), path);
    }

    /** Forgets a path and everything below it (delete). */
    public void forget(String path) throws IOException {
        String prefix = path.equals("/") ? "/" : path + "/";
        update("DELETE FROM files WHERE " + SUBTREE, path, prefix.length(), prefix);
        update("DELETE FROM pins WHERE " + SUBTREE, path, prefix.length(), prefix);
    }

    /** A path and everything below it moved to {@code to}; what was at {@code to} is forgotten first. */
    public void moved(String from, String to) throws IOException {
        lock.lock();
        try {
            forget(to);
            String prefix = from.equals("/") ? "/" : from + "/";
            for (String table : List.of("files", "pins")) {
                update("UPDATE " + table + " SET path = ? || substr(path, ?) WHERE " + SUBTREE,
                        to, from.length() + 1, from, prefix.length(), prefix);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Files in the buffer with no tape copy, committed at or before {@code writtenBefore} or placed on a placement with
     * tape (those do not wait for the age), oldest first; never a file placed on disk only.
     */
    public List<FileRecord> migrationCandidates(Instant writtenBefore, int limit) throws IOException {
        return files("SELECT " + FILE_COLUMNS + FILE_FROM + "WHERE f.on_disk = 1 AND f.cartridge IS NULL"
                + " AND f.lost = 0 AND coalesce(f.placement, '') <> 'disk'"
                + " AND (f.written <= ? OR f.placement IN ('tape', 'disk+tape')) ORDER BY f.written LIMIT ?",
                writtenBefore.toEpochMilli(), limit);
    }

    /**
     * Records the tape copy of a file, if the file is still the version that was written ({@code stamp}), and gives it
     * to the other names of its share group still without one: they hold the same buffer file (a name leaves its group
     * whenever it gets a file of its own), so a pair shared before its migration is written to tape once.
     */
    public boolean migrated(String path, String stamp, String cartridge, long position, String adler32)
            throws IOException {
        boolean[] recorded = new boolean[1];
        inTransaction(() -> {
            recorded[0] = update("UPDATE files SET cartridge = ?, position = ?, adler32 = ? WHERE path = ?"
                    + " AND stamp = ? AND cartridge IS NULL", cartridge, position, adler32, path, stamp) == 1;
            if (recorded[0]) {
                update("UPDATE files SET cartridge = ?, position = ?, adler32 = ? WHERE share_group ="
                        + " (SELECT share_group FROM files WHERE path = ?) AND stamp = ? AND on_disk = 1"
                        + " AND cartridge IS NULL", cartridge, position, adler32, path, stamp);
            }
        });
        return recorded[0];
    }

    /** Bytes of the files whose bytes are in the buffer. */
    public long bytesOnDisk() throws IOException {
        // names of one share group (SharedCopy) hold one buffer file: its bytes count once
        return longValue("SELECT coalesce(sum(size), 0) - coalesce((SELECT sum(size * (n - 1)) FROM (SELECT max(size)"
                + " AS size, count(*) AS n FROM files WHERE on_disk = 1 AND share_group IS NOT NULL"
                + " GROUP BY share_group)), 0) FROM files WHERE on_disk = 1");
    }

    /**
     * Files whose disk copy may go, least recently used first: on tape, readable there, pinned by nobody, and not placed
     * on disk (DISK or DISK_AND_TAPE).
     */
    public List<FileRecord> evictionCandidates(Instant now, int limit) throws IOException {
        return files("SELECT " + FILE_COLUMNS + FILE_FROM + "WHERE f.on_disk = 1 AND f.cartridge IS NOT NULL"
                + " AND f.lost = 0 AND coalesce(c.unreadable, 0) = 0 AND NOT " + KEPT_ON_DISK
                + " AND NOT EXISTS (SELECT 1 FROM pins p WHERE p.path = f.path AND p.until > ?)"
                + " ORDER BY f.last_access LIMIT ?", now.toEpochMilli(), limit);
    }

    /** Files placed on TAPE whose disk copy waits to go: on disk, on tape and readable there, pinned by nobody. */
    public List<FileRecord> placedOnTapeButOnDisk(Instant now, int limit) throws IOException {
        return files("SELECT " + FILE_COLUMNS + FILE_FROM + "WHERE f.placement = 'tape' AND f.on_disk = 1"
                + " AND f.cartridge IS NOT NULL AND f.lost = 0 AND coalesce(c.unreadable, 0) = 0"
                + " AND NOT EXISTS (SELECT 1 FROM pins p WHERE p.path = f.path AND p.until > ?)"
                + " LIMIT ?", now.toEpochMilli(), limit);
    }

    /** Marks a file as on tape only, if it is still that version and on tape. */
    public boolean evicted(String path, String stamp) throws IOException {
        // the name gets a stub of its own (BufferFiles), so it leaves its share group
        return update("UPDATE files SET on_disk = 0, share_group = NULL WHERE path = ? AND stamp = ? AND on_disk = 1"
                + " AND cartridge IS NOT NULL", path, stamp) == 1;
    }

    public boolean recalled(String path, String stamp, Instant now) throws IOException {
        // the recalled bytes are a new buffer file, shared with no other name
        return update("UPDATE files SET on_disk = 1, last_access = ?, share_group = NULL WHERE path = ? AND stamp = ?"
                + " AND on_disk = 0", now.toEpochMilli(), path, stamp) == 1;
    }

    public void markLost(String path) throws IOException {
        update("UPDATE files SET lost = 1 WHERE path = ?", path);
    }

    // ---- cartridges

    /** The cartridge a collocation group appends to: the first of that group with room for {@code bytes}. */
    public Optional<String> cartridgeWithRoom(String collocation, long bytes, long capacity) throws IOException {
        List<String> ids = strings("SELECT id FROM cartridges WHERE collocation = ? AND unreadable = 0 AND used + ? <= ?"
                + " ORDER BY id LIMIT 1", collocation, bytes, capacity);
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.getFirst());
    }

    /** Labels a new, empty cartridge for a collocation group ("T00001", "T00002"...). */
    public String newCartridge(String collocation) throws IOException {
        lock.lock();
        try {
            long n = longValue("SELECT count(*) FROM cartridges") + 1;
            String id = String.format("T%05d", n);
            update("INSERT INTO cartridges (id, collocation, used) VALUES (?, ?, 0)", id, collocation);
            return id;
        } finally {
            lock.unlock();
        }
    }

    public void setUsed(String cartridge, long used) throws IOException {
        update("UPDATE cartridges SET used = ? WHERE id = ?", used, cartridge);
    }

    public long used(String cartridge) throws IOException {
        return longValue("SELECT coalesce(max(used), 0) FROM cartridges WHERE id = ?", cartridge);
    }

    public void markUnreadable(String cartridge) throws IOException {
        update("UPDATE cartridges SET unreadable = 1 WHERE id = ?", cartridge);
    }

    public boolean unreadable(String cartridge) throws IOException {
        return longValue("SELECT coalesce(max(unreadable), 0) FROM cartridges WHERE id = ?", cartridge) == 1;
    }

    // ---- recalls (one row per requester and file)

    public Optional<StageProgress> progress(String requester, String path) throws IOException {
        List<StageProgress> l = query("SELECT state, started, finished, error FROM recalls WHERE requester = ?"
                + " AND path = ?", r -> new StageProgress(StageProgress.State.valueOf(r.getString(1)), instant(r, 2),
                instant(r, 3), Optional.ofNullable(r.getString(4))), requester, path);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
    }

    /** Sets one requester's row for a file, whatever it was. */
    public void setProgress(String requester, String path, StageProgress p) throws IOException {
        update("INSERT OR REPLACE INTO recalls (requester, path, state, started, finished, error) VALUES (?, ?, ?, ?, ?, ?)",
                requester, path, p.state().name(), millis(p.started()), millis(p.finished()), p.error().orElse(null));
    }

    /** Moves every unfinished row of a file (all requesters) to {@code p}; returns how many. */
    public int progressAll(String path, StageProgress p) throws IOException {
        String from = p.state() == StageProgress.State.RECALLING ? "('QUEUED')" : "('QUEUED', 'RECALLING')";
        return update("UPDATE recalls SET state = ?, started = coalesce(started, ?), finished = ?, error = ?"
                + " WHERE path = ? AND state IN " + from, p.state().name(), millis(p.started()), millis(p.finished()),
                p.error().orElse(null), path);
    }

    /** Whether anyone still waits for this file to reach disk. */
    public boolean awaited(String path) throws IOException {
        return longValue("SELECT count(*) FROM recalls WHERE path = ? AND state IN ('QUEUED', 'RECALLING')", path) > 0;
    }

    /**
     * At start: what was queued or being read when the process stopped is queued again (a read that was under way
     * starts over), oldest request first.
     */
    public List<String> unfinishedRecalls() throws IOException {
        update("UPDATE recalls SET state = 'QUEUED' WHERE state = 'RECALLING'");
        return strings("SELECT path FROM recalls WHERE state = 'QUEUED' GROUP BY path ORDER BY min(rowid)");
    }

    /**
     * Housekeeping: forgets pins that ran out and finished recall rows before {@code before} (the Tape REST requests
     * that asked for them expire long before). Returns how many rows went.
     */
    public int prune(Instant before) throws IOException {
        int[] n = new int[1];
        inTransaction(() -> {
            n[0] += update("DELETE FROM pins WHERE until < ?", before.toEpochMilli());
            n[0] += update("DELETE FROM recalls WHERE state IN ('ON_DISK', 'FAILED', 'CANCELLED') AND finished < ?",
                    before.toEpochMilli());
        });
        return n[0];
    }

    // ---- pins

    /** Pins a file for a requester until {@code until}; a later time extends the pin, an earlier one keeps it. */
    public void pin(String requester, String path, Instant until) throws IOException {
        update("INSERT INTO pins (requester, path, until) VALUES (?, ?, ?) ON CONFLICT (requester, path)"
                + " DO UPDATE SET until = max(until, excluded.until)", requester, path, until.toEpochMilli());
    }

    /** Drops the requester's pin on a file, or every pin on it when {@code requester} is null. */
    public void unpin(String requester, String path) throws IOException {
        if (requester == null) update("DELETE FROM pins WHERE path = ?", path);
        else update("DELETE FROM pins WHERE requester = ? AND path = ?", requester, path);
    }

    public boolean pinned(String path, Instant now) throws IOException {
        return longValue("SELECT count(*) FROM pins WHERE path = ? AND until > ?", path, now.toEpochMilli()) > 0;
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            db.close();
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            lock.unlock();
        }
    }

    /** Work on the catalogue that must be all or nothing, or that is many small statements (a stage of 2,000 files). */
    @FunctionalInterface
    public interface Work {
        void run() throws IOException;
    }

    /**
     * Runs {@code work} as one transaction (one fsync instead of one per statement), holding the catalogue meanwhile.
     * Nested calls join the outer transaction.
     */
    public void inTransaction(Work work) throws IOException {
        lock.lock();
        try {
            if (!db.getAutoCommit()) {
                work.run();
                return;
            }
            db.setAutoCommit(false);
            boolean done = false;
            try {
                work.run();
                db.commit();
                done = true;
            } finally {
                if (!done) db.rollback();
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            lock.unlock();
        }
    }

    // ---- plumbing

    private List<FileRecord> files(String sql, Object... args) throws IOException {
        return query(sql, r -> new FileRecord(r.getString(1), r.getLong(2), Instant.ofEpochSecond(0, r.getLong(3)),
                r.getString(4), Instant.ofEpochMilli(r.getLong(5)), r.getString(6), r.getInt(7) == 1,
                Optional.ofNullable(r.getString(8)), r.getLong(9), r.getString(10), r.getInt(11) != 0,
                Optional.ofNullable(r.getString(12)).flatMap(Placement::parse), instant(r, 13)), args);
    }

    private List<String> strings(String sql, Object... args) throws IOException {
        return query(sql, r -> r.getString(1), args);
    }

    private long longValue(String sql, Object... args) throws IOException {
        List<Long> l = query(sql, r -> r.getLong(1), args);
        return l.isEmpty() ? 0 : l.getFirst();
    }

    private interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, Object... args) throws IOException {
        lock.lock();
        try (PreparedStatement s = prepare(sql, args); ResultSet r = s.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (r.next()) out.add(row.read(r));
            return out;
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            lock.unlock();
        }
    }

    private int update(String sql, Object... args) throws IOException {
        lock.lock();
        try (PreparedStatement s = prepare(sql, args)) {
            return s.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            lock.unlock();
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement s = db.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
        return s;
    }

    private static IOException failed(SQLException e) {
        return new IOException("tape catalogue: " + e.getMessage(), e);
    }

    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private static Long millis(Optional<Instant> t) {
        return t.map(Instant::toEpochMilli).orElse(null);
    }

    private static Optional<Instant> instant(ResultSet r, int column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }
}
