package org.tributary.gateway.tape;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What differs between the two databases of the stage-request store (decision 0024: portable SQL, a small dialect).
 * The tables, queries and types ({@code VARCHAR}, {@code TEXT}, {@code BIGINT}) are the same on both; only the
 * session set-up and how concurrent schema creation is kept safe differ.
 */
enum SqlDialect {

    /**
     * One file, one gateway. WAL lets a poll read while a stage request is written; the busy timeout makes a writer
     * wait for the lock rather than fail (another connection, e.g. an admin's sqlite3 shell).
     */
    SQLITE {
        @Override
        void configure(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA busy_timeout=10000");
            }
        }

        @Override
        void lockSchema(Connection c) { /* one process per file: nothing races */ }
    },

    /**
     * Several gateways share the database. Two that start at once would both run CREATE TABLE IF NOT EXISTS, and one
     * of them fails on PostgreSQL's catalogue (a known race): a transaction-scoped advisory lock orders them.
     */
    POSTGRESQL {
        @Override
        void configure(Connection c) { }

        @Override
        void lockSchema(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            }
        }
    };

    /** An arbitrary constant naming the store's schema lock ("tapereq" in ASCII). */
    private static final long SCHEMA_LOCK = 0x7461706572657171L;

    /** Session settings, once per connection. */
    abstract void configure(Connection c) throws SQLException;

    /** Called inside the schema-creation transaction, before the CREATE statements. */
    abstract void lockSchema(Connection c) throws SQLException;
}
