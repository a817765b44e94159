package org.dancelens.analysis.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dancelens.core.DanceLensException;

/**
 * One job per run at a time, across processes: a job claims its run before it writes results and releases it when it
 * ends. The claim is a row with the holder's process, host and a heartbeat (renewed every
 * {@link #HEARTBEAT_MS} by a thread of the lock's own); a second job on the same run — another command, or the
 * workbench — is refused with a sentence naming the holder and what it is doing, instead of writing a second set of
 * results beside the first (two trackers give one dancer two identities). A claim whose holder died (killed, power cut)
 * is taken over: its process is gone (same host) or its heartbeat is older than {@link #STALE_AFTER_MS}.
 */
public final class RunLocks {
    static final long HEARTBEAT_MS = 5_000;
    static final long STALE_AFTER_MS = 30_000;
    private static final Logger LOG = Logger.getLogger(RunLocks.class.getName());
    /** Claims held by live jobs of this process. */
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile String host;

    private final Db db;

    RunLocks(Db db) {
        this.db = db;
    }

    /** Who holds a run's claim. */
    public record Holder(long runId, long pid, String host, Instant started, Instant heartbeat, String doing, boolean thisProcess) {
        /** "the pose analysis of a.mp4 with movenet (process 1234 on studio, since 10:02:11)". */
        public String describe() {
            String since = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault()).format(started);
            return doing + " (" + (thisProcess ? "in this window" : "process " + pid + (host.equals(localHost()) ? "" : " on " + host))
                    + ", since " + since + ")";
        }
    }

    /**
     * Claims the run for the calling job.
     *
     * @param doing what the job does, as a phrase ("the pose analysis of a.mp4 with movenet-multipose"); shown to
     *              whoever else tries to work on the run meanwhile
     * @throws DanceLensException when another live job holds the run
     */
    public RunLock claim(long runId, String doing) {
        String token = UUID.randomUUID().toString();
        long pid = ProcessHandle.current().pid();
        db.write("claim the run", c -> {
            Optional<Holder> h = holder(c, runId);
            if (h.isPresent()) {
                throw DanceLensException.badInput(db.file().getFileName() + " is already being written by " + h.get().describe()
                        + "; wait for it to finish, or stop it first.");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR REPLACE INTO run_locks(run_id, token, pid, host, started, heartbeat, progress) VALUES(?,?,?,?,?,?,?)")) {
                ps.setLong(1, runId);
                ps.setString(2, token);
                ps.setLong(3, pid);
                ps.setString(4, localHost());
                ps.setString(5, Instant.now().toString());
                ps.setLong(6, System.currentTimeMillis());
                ps.setString(7, doing);
                ps.executeUpdate();
            }
            return null;
        });
        LIVE.add(token);
        return new RunLock(db, runId, token, doing);
    }

    /** The live job holding the run, if any. */
    public Optional<Holder> holder(long runId) {
        return db.read("read the run's claim", c -> holder(c, runId));
    }

    private static Optional<Holder> holder(java.sql.Connection c, long runId) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT token, pid, host, started, heartbeat, progress FROM run_locks WHERE run_id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String token = rs.getString(1);
                long pid = rs.getLong(2);
                String h = rs.getString(3);
                Instant started = Instant.parse(rs.getString(4));
                long beat = rs.getLong(5);
                boolean mine = pid == ProcessHandle.current().pid() && h.equals(localHost());
                boolean live;
                if (System.currentTimeMillis() - beat > STALE_AFTER_MS) {
                    live = false;
                } else if (mine) {
                    live = LIVE.contains(token);
                } else if (h.equals(localHost())) {
                    live = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                } else {
                    live = true;
                }
                return live ? Optional.of(new Holder(runId, pid, h, started, Instant.ofEpochMilli(beat), rs.getString(6), mine)) : Optional.empty();
            }
        }
    }

    static String localHost() {
        String h = host;
        if (h == null) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException | SecurityException e) {
                h = "localhost";
            }
            host = h;
        }
        return h;
    }

    /** A job's claim on a run: renewed in the background until closed, then released. */
    public static final class RunLock implements AutoCloseable {
        private final Db jobDb;
        private final long runId;
        private final String token;
        private final Thread beat;
        private final String what;
        private volatile String doing;
        private volatile boolean closed;

        RunLock(Db jobDb, long runId, String token, String doing) {
            this.jobDb = jobDb;
            this.runId = runId;
            this.token = token;
            this.what = doing;
            this.doing = doing;
            this.beat = new Thread(this::beat, "dancelens-run-claim-" + runId);
            beat.setDaemon(true);
            beat.start();
        }

        /** Says where the job is ("frame 300/795") after what it does, for whoever else looks; written with the next heartbeat. */
        public void progress(String text) {
            doing = what + ", " + text;
        }

        private void beat() {
            // Its own connection: the job's store is not shared between threads.
            try (ResultsStore own = ResultsStore.open(jobDb.file())) {
                while (!closed) {
                    try {
                        Thread.sleep(HEARTBEAT_MS);
                    } catch (InterruptedException e) {
                        if (closed) {
                            break;
                        }
                    }
                    if (closed) {
                        break;
                    }
                    try {
                        own.db().write("renew the run's claim", c -> {
                            try (PreparedStatement ps = c.prepareStatement("UPDATE run_locks SET heartbeat = ?, progress = ? WHERE run_id = ? AND token = ?")) {
                                ps.setLong(1, System.currentTimeMillis());
                                ps.setString(2, doing);
                                ps.setLong(3, runId);
                                ps.setString(4, token);
                                ps.executeUpdate();
                            }
                            return null;
                        });
                    } catch (RuntimeException e) {
                        // A busy or full store: the next beat tries again; the claim only lapses after STALE_AFTER_MS.
                        LOG.log(Level.FINE, "Could not renew the claim on run " + runId, e);
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The claim on run " + runId + " is not renewed", e);
            }
        }

        /**
         * Releases the claim (on the job's thread, with the job's store). If even removing the row fails (a full disk),
         * the claim lapses by itself: this process no longer counts it as live.
         */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            LIVE.remove(token);
            beat.interrupt();
            try {
                jobDb.write("release the run", c -> {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM run_locks WHERE run_id = ? AND token = ?")) {
                        ps.setLong(1, runId);
                        ps.setString(2, token);
                        ps.executeUpdate();
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Could not remove the claim on run " + runId + " (it lapses by itself)", e);
            }
        }
    }
}
