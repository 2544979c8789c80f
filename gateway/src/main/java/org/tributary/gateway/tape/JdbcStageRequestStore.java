package org.tributary.gateway.tape;

import org.tributary.backend.AreaPath;
import org.tributary.backend.StorageException;
import org.tributary.gateway.config.TapeRestConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The stage-request store on SQLite (embedded, the default) or PostgreSQL (shared by several gateways): the same
 * portable SQL, with the few differences in {@link SqlDialect} (decisions 0024 and 0026).
 *
 * <p>One connection, used by one request at a time. Tape REST traffic is light (FTS submits a request of up to 2,000
 * files and polls it every few minutes; each call is one or two statements), so a pool would add a dependency and
 * threads for no gain; a connection that broke (PostgreSQL restarted) is opened again on the next call.
 *
 * <p>Times are stored as epoch milliseconds ({@code BIGINT}), so both databases compare them the same way.
 */
public final class JdbcStageRequestStore implements StageRequestStore {

    private static final String[] SCHEMA = {
            "CREATE TABLE IF NOT EXISTS tape_stage_requests ("
                    + " id VARCHAR(64) PRIMARY KEY,"
                    + " created_at BIGINT NOT NULL,"
                    + " expires_at BIGINT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS tape_stage_requests_expiry ON tape_stage_requests (expires_at)",
            "CREATE TABLE IF NOT EXISTS tape_stage_files ("
                    + " request_id VARCHAR(64) NOT NULL,"
                    + " ordinal INTEGER NOT NULL,"
                    + " path TEXT NOT NULL,"
                    + " area TEXT,"
                    + " area_path TEXT,"
                    + " pin_until BIGINT NOT NULL,"
                    + " error TEXT,"
                    + " cancelled_at BIGINT,"
                    + " PRIMARY KEY (request_id, ordinal))"
    };

    private final SqlDialect dialect;
    private final String url;
    private final Properties properties;
    private final String description;
    private Connection connection;

    private JdbcStageRequestStore(SqlDialect dialect, String url, Properties properties, String description)
            throws IOException {
        this.dialect = dialect;
        this.url = url;
        this.properties = properties;
        this.description = description;
        inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                dialect.lockSchema(c);
                for (String sql : SCHEMA) s.execute(sql);
            }
            return null;
        });
    }

    /** Opens the store the configuration names (the SQLite file is created, with its directory, when missing). */
    public static JdbcStageRequestStore open(TapeRestConfig.Store config) throws IOException {
        return switch (config.type()) {
            case SQLITE -> sqlite(config.stateDirectory().resolve(TapeRestConfig.Store.SQLITE_FILE));
            case POSTGRESQL -> postgresql(config.url(), config.user(), config.passwordFile() == null ? null
                    : readPassword(config.passwordFile()));
            case NONE -> throw new IllegalArgumentException("no store configured");
        };
    }

    public static JdbcStageRequestStore sqlite(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        try {
            if (dir != null) Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("tape-rest.state-directory: cannot create " + dir + " (" + e + "); create it, or"
                    + " give the user running Tributary write access to its parent", e);
        }
        return new JdbcStageRequestStore(SqlDialect.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(), new Properties(),
                "SQLite file " + file);
    }

    public static JdbcStageRequestStore postgresql(String url, String user, String password) throws IOException {
        Properties p = new Properties();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        // a database that does not answer must not hold a request thread for long
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "60");
        return new JdbcStageRequestStore(SqlDialect.POSTGRESQL, url, p, "PostgreSQL " + url);
    }

    private static String readPassword(Path file) throws IOException {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            return (nl < 0 ? text : text.substring(0, nl)).strip();
        } catch (IOException e) {
            throw new IOException("tape-rest.store.password-file: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void add(StageRequest r) throws IOException {
        inTransaction(c -> {
            try (PreparedStatement req = c.prepareStatement(
                    "INSERT INTO tape_stage_requests (id, created_at, expires_at) VALUES (?, ?, ?)");
                 PreparedStatement file = c.prepareStatement("INSERT INTO tape_stage_files (request_id, ordinal, path,"
                         + " area, area_path, pin_until, error, cancelled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                req.setString(1, r.id());
                req.setLong(2, r.createdAt().toEpochMilli());
                req.setLong(3, r.expiresAt().toEpochMilli());
                req.executeUpdate();
                int ordinal = 0;
                for (StageRequest.File f : r.files()) {
                    file.setString(1, r.id());
                    file.setInt(2, ordinal++);
                    file.setString(3, f.path());
                    setText(file, 4, f.area().orElse(null));
                    setText(file, 5, f.areaPath() == null ? null : f.areaPath().toString());
                    file.setLong(6, f.pinUntil().toEpochMilli());
                    setText(file, 7, f.error().orElse(null));
                    if (f.cancelledAt().isPresent()) file.setLong(8, f.cancelledAt().get().toEpochMilli());
                    else file.setNull(8, Types.BIGINT);
                    file.addBatch();
                }
                file.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Optional<StageRequest> find(String id, Instant now) throws IOException {
        return run(c -> {
            Instant created, expires;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT created_at, expires_at FROM tape_stage_requests WHERE id = ? AND expires_at > ?")) {
                s.setString(1, id);
                s.setLong(2, now.toEpochMilli());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    created = Instant.ofEpochMilli(rs.getLong(1));
                    expires = Instant.ofEpochMilli(rs.getLong(2));
                }
            }
            return Optional.of(new StageRequest(id, created, expires, files(c, id)));
        });
    }

    private static List<StageRequest.File> files(Connection c, String id) throws SQLException {
        List<StageRequest.File> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT path, area, area_path, pin_until, error, cancelled_at"
                + " FROM tape_stage_files WHERE request_id = ? ORDER BY ordinal")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(file(rs));
            }
        }
        return out;
    }

    private static StageRequest.File file(ResultSet rs) throws SQLException {
        String area = rs.getString(2);
        String areaPath = rs.getString(3);
        long cancelled = rs.getLong(6);
        Optional<Instant> cancelledAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(cancelled));
        return new StageRequest.File(rs.getString(1), Optional.ofNullable(area),
                area == null ? null : AreaPath.parse(areaPath), Instant.ofEpochMilli(rs.getLong(4)),
                Optional.ofNullable(rs.getString(5)), cancelledAt);
    }

    @Override
    public void cancel(String id, Collection<String> paths, Instant at) throws IOException {
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE tape_stage_files SET cancelled_at = ?"
                    + " WHERE request_id = ? AND path = ? AND cancelled_at IS NULL")) {
                for (String p : paths) {
                    s.setLong(1, at.toEpochMilli());
                    s.setString(2, id);
                    s.setString(3, p);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    @Override
    public boolean remove(String id) throws IOException {
        return inTransaction(c -> {
            try (PreparedStatement files = c.prepareStatement("DELETE FROM tape_stage_files WHERE request_id = ?");
                 PreparedStatement req = c.prepareStatement("DELETE FROM tape_stage_requests WHERE id = ?")) {
                files.setString(1, id);
                files.executeUpdate();
                req.setString(1, id);
                return req.executeUpdate() > 0;
            }
        });
    }

    @Override
    public int removeExpired(Instant now) throws IOException {
        return inTransaction(c -> {
            try (PreparedStatement files = c.prepareStatement("DELETE FROM tape_stage_files WHERE request_id IN"
                    + " (SELECT id FROM tape_stage_requests WHERE expires_at <= ?)");
                 PreparedStatement req = c.prepareStatement("DELETE FROM tape_stage_requests WHERE expires_at <= ?")) {
                files.setLong(1, now.toEpochMilli());
                files.executeUpdate();
                req.setLong(1, now.toEpochMilli());
                return req.executeUpdate();
            }
        });
    }

    @Override
    public void forEachUnexpired(Instant now, Consumer<StageRequest> action) throws IOException {
        // Requests first (small rows), then each one's files: never the whole store's files in memory at once.
        Map<String, Instant[]> requests = run(c -> {
            Map<String, Instant[]> out = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, created_at, expires_at FROM tape_stage_requests"
                    + " WHERE expires_at > ? ORDER BY created_at")) {
                s.setLong(1, now.toEpochMilli());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new Instant[] {Instant.ofEpochMilli(rs.getLong(2)),
                                Instant.ofEpochMilli(rs.getLong(3))});
                    }
                }
            }
            return out;
        });
        for (var e : requests.entrySet()) {
            List<StageRequest.File> files = run(c -> files(c, e.getKey()));
            action.accept(new StageRequest(e.getKey(), e.getValue()[0], e.getValue()[1], files));
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IOException(description + ": " + e.getMessage(), e);
        } finally {
            connection = null;
        }
    }

    @Override
    public String toString() { return description; }

    private interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    /**
     * Runs one unit of work on the connection, opening it first if needed. A failure closes the connection, so the
     * next call opens a fresh one (the database may have restarted); it is reported as UNAVAILABLE (503 + Retry-After).
     */
    private synchronized <T> T run(Work<T> work) throws IOException {
        try {
            if (connection == null) {
                connection = DriverManager.getConnection(url, properties);
                dialect.configure(connection);
            }
            return work.on(connection);
        } catch (SQLException e) {
            try {
                if (connection != null) connection.close();
            } catch (SQLException ignored) {
                // already reporting the first failure
            }
            connection = null;
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "stage-request store (" + description
                    + ") failed: " + e.getMessage(), e);
        }
    }

    /** {@link #run} as one transaction: all of the work or none of it. */
    private <T> T inTransaction(Work<T> work) throws IOException {
        return run(c -> {
            c.setAutoCommit(false);
            try {
                T result = work.on(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    private static void setText(PreparedStatement s, int i, String v) throws SQLException {
        if (v == null) s.setNull(i, Types.VARCHAR);
        else s.setString(i, v);
    }
}
