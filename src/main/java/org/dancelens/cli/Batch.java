package org.dancelens.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many videos through one command: a bounded number of workers ({@code --jobs}), each video on its own with the
 * machine's cores shared among the workers, one progress bar for the batch and one per running video (on a terminal),
 * a line per finished video, and a summary CSV rewritten (atomically) after every video, so an interrupted batch still
 * says what it finished. A video that fails is a row with its sentence; the batch goes on. Running the same batch
 * again resumes: each video's work is in its results store, and what is complete there is reused, not redone.
 */
final class Batch {
    private static final Logger LOG = LoggerFactory.getLogger(Batch.class);
    static final List<String> HEADER = List.of("video", "frames", "dancers", "seconds", "status", "error");

    /** What one video's work did. {@code status}: e.g. analysed, resumed, reused, failed. */
    record Row(Path video, int frames, int dancers, double seconds, String status, String error) {
        boolean failed() {
            return status.equals("failed");
        }
    }

    /** One video's work: the row it ends with (failures are thrown, and become rows). */
    interface Work {
        Row run(Path video, int threads, TaskContext ctx) throws Exception;
    }

    private Batch() {
    }

    /** The ONNX Runtime and decoder threads each of {@code jobs} parallel workers gets: the cores shared out, at least one. */
    static int threadsPerJob(int jobs) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / jobs);
    }

    /**
     * Runs every video, {@code jobs} at a time; returns the rows in the order of the videos.
     *
     * @param verb    the work's name on the progress bars ("Analysing")
     * @param summary the summary CSV
     */
    static List<Row> run(List<Path> videos, int jobs, String verb, Path summary, PrintWriter out, PrintWriter err, Work work) {
        if (jobs < 1 || jobs > 64) {
            throw DanceLensException.badInput("--jobs takes 1 to 64 workers, not " + jobs + ".");
        }
        int workers = Math.min(jobs, videos.size());
        int threads = threadsPerJob(workers);
        Row[] rows = new Row[videos.size()];
        List<Row> done = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(null, r, "dancelens-batch", 16L << 20);
            t.setDaemon(true);
            return t;
        });
        try (CliProgress overall = new CliProgress(String.format(Locale.ROOT, "%s %d videos", verb, videos.size()))) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < videos.size(); i++) {
                int index = i;
                Path video = videos.get(i);
                futures.add(pool.submit(() -> {
                    long started = System.nanoTime();
                    Row row;
                    try (CliProgress bar = new CliProgress(shortName(video))) {
                        row = work.run(video, threads, bar);
                    } catch (Throwable e) {
                        DanceLensException d = e instanceof DanceLensException x ? x : null;
                        String message = DanceLensException.userMessage(e);
                        if (d == null || d.kind() == DanceLensException.Kind.INTERNAL) {
                            LOG.error("Batch: {} failed: {}", video, message, e);
                        } else {
                            LOG.info("Batch: {} refused: {}", video, message, e);
                        }
                        row = new Row(video, 0, 0, (System.nanoTime() - started) / 1e9, "failed", message);
                    }
                    rows[index] = row;
                    synchronized (out) {
                        if (row.failed()) {
                            failed.incrementAndGet();
                            err.println("dancelens: " + video.getFileName() + ": " + row.error());
                            err.flush();
                        } else {
                            out.printf(Locale.ROOT, "%s: %s, %d frames, %d dancer%s, %.1f s%s%n", video.getFileName(), row.status(), row.frames(),
                                    row.dancers(), row.dancers() == 1 ? "" : "s", row.seconds(), row.error().isEmpty() ? "" : " (" + row.error() + ")");
                            out.flush();
                        }
                        done.add(row);
                        writeSummary(summary, rowsSoFar(rows));
                        overall.progress((double) done.size() / videos.size(),
                                done.size() + " of " + videos.size() + (failed.get() > 0 ? ", " + failed.get() + " failed" : ""));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DanceLensException(DanceLensException.Kind.CANCELLED, "The batch was interrupted; run the same command again to go on where it stopped.");
                } catch (java.util.concurrent.ExecutionException e) {
                    throw DanceLensException.internal("A batch worker failed.", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<Row> all = List.of(rows);
        int frames = all.stream().mapToInt(Row::frames).sum();
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "%d video%s: %d done, %d failed; %d frames in %.1f s (%.1f frames/s overall, %d worker%s, %d thread%s each); summary in %s%n",
                all.size(), all.size() == 1 ? "" : "s", all.size() - failed.get(), failed.get(), frames, seconds, frames / seconds,
                workers, workers == 1 ? "" : "s", threads, threads == 1 ? "" : "s", summary);
        out.flush();
        return all;
    }

    private static List<Row> rowsSoFar(Row[] rows) {
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** The summary CSV: one row per finished video, in the batch's order. */
    static void writeSummary(Path file, List<Row> rows) {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).setRecordSeparator('\n').build().print(w)) {
            for (Row r : rows) {
                p.printRecord(r.video(), r.frames(), r.dancers(), String.format(Locale.ROOT, "%.2f", r.seconds()), r.status(), r.error());
            }
        } catch (java.io.IOException e) {
            throw DanceLensException.internal("Could not format the batch summary.", e);
        }
        AtomicFiles.writeString(file, w.toString());
    }

    private static String shortName(Path video) {
        String n = video.getFileName().toString();
        return n.length() <= 24 ? n : n.substring(0, 11) + "…" + n.substring(n.length() - 12);
    }
}
