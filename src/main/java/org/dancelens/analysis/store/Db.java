package org.dancelens.analysis.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.dancelens.core.DanceLensException;

/**
 * The store's one SQLite connection and how work runs on it: {@link #read} for queries, {@link #write} for changes in
 * one transaction (rolled back on any failure), and one way to turn an SQL failure into a sentence (a full disk is
 * the user's problem, anything else ours). Not thread-safe: one thread at a time.
 */
final class Db {
    /** Work on the connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Path file;
    private final Connection connection;

    Db(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    Path file() {
        return file;
    }

    Connection connection() {
        return connection;
    }

    /** Runs a query; {@code what} finishes the sentence "Could not ... in the results store". */
    <T> T read(String what, Work<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs changes in one transaction: all of them are stored, or none. */
    <T> T write(String what, Work<T> work) {
        try {
            connection.setAutoCommit(false);
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure(what, e);
        } catch (RuntimeException e) {
            rollbackQuietly();
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // connection state only; the work's own outcome is what matters
            }
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original error is what matters
        }
    }

    DanceLensException failure(String what, SQLException e) {
        return failure(file, what, e);
    }

    /** The sentence for an SQL failure on a store file: the user's situation (full, busy, damaged, read-only) or our bug. */
    static DanceLensException failure(Path file, String what, SQLException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        String lower = msg.toLowerCase(Locale.ROOT);
        if (msg.contains("SQLITE_FULL") || lower.contains("disk is full")) {
            return DanceLensException.badInput("The disk holding " + file.getFileName() + " is full; the results up to the last save are kept.", e);
        }
        if (msg.contains("SQLITE_BUSY") || lower.contains("database is locked")) {
            return DanceLensException.badInput("The results store " + file.getFileName() + " is busy with another DanceLens (a window or a"
                    + " command); try again when it has finished.", e);
        }
        if (msg.contains("SQLITE_CORRUPT") || msg.contains("SQLITE_NOTADB") || lower.contains("malformed") || lower.contains("not a database")) {
            return DanceLensException.badInput("The results store " + file + " is damaged; move it aside (DanceLens then starts a new one)"
                    + " or restore it from a backup.", e);
        }
        if (msg.contains("SQLITE_READONLY") || msg.contains("SQLITE_CANTOPEN") || msg.contains("SQLITE_PERM")) {
            return DanceLensException.badInput("The results store " + file + " cannot be written (no permission, or a read-only disk).", e);
        }
        if (msg.contains("SQLITE_IOERR")) {
            return DanceLensException.badInput("Reading or writing the results store " + file + " failed on the disk; check the disk and try"
                    + " again.", e);
        }
        return DanceLensException.internal("Could not " + what + " in the results store " + file.getFileName() + ": " + msg, e);
    }
}
