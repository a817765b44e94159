package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.SharedFixtures;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed genre LSTM through the whole pipeline on a real person: BlazePose Full's 3-D world landmarks (33 joints
 * mapped to COCO-17, axes flipped to y up), resampled to 60 fps, sliding windows, scores spread over the frames.
 * The only real footage of a whole, large person available here is a still photograph (messi5.jpg from Debian's
 * opencv-doc), so the test films it with a slowly panning and zooming virtual camera: a real body, but a frozen
 * pose. The genre it gets is meaningless; the test checks that every step runs on real landmarks and yields
 * proper per-frame distributions.
 */
class SeedModelOnRealFootageTest {
    @TempDir
    Path dir;

    static Path pannedPhoto(Path photo, Path out, int frames, double fps) throws Exception {
        BufferedImage src = ImageIO.read(photo.toFile());
        int w = 480;
        int h = 360;
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), w, h, 0)) {
            rec.setFormat("matroska");
            rec.setVideoCodecName("ffv1");
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV444P);
            rec.setFrameRate(fps);
            rec.start();
            BufferedImage frame = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            for (int i = 0; i < frames; i++) {
                double u = (double) i / (frames - 1);
                double zoom = 1.0 + 0.15 * u;                      // slow push in
                double cw = src.getWidth() / zoom;
                double ch = cw * h / w;
                double cx = (src.getWidth() - cw) * (0.3 + 0.4 * u); // slow pan
                double cy = Math.max(0, (src.getHeight() - ch) / 2);
                Graphics2D g = frame.createGraphics();
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(src, 0, 0, w, h, (int) cx, (int) cy, (int) (cx + cw), (int) (cy + ch), null);
                g.dispose();
                byte[] bgr = ((java.awt.image.DataBufferByte) frame.getRaster().getDataBuffer()).getData();
                rec.recordImage(w, h, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 3, w * 3, avutil.AV_PIX_FMT_BGR24, ByteBuffer.wrap(bgr));
            }
            rec.stop();
        }
        return out;
    }

    @Test
    void genreTimelineFromBlazePoseWorldLandmarksOfARealPerson() throws Exception {
        Path fixture = SharedFixtures.dir("aist-genre-lstm");
        Path photo = TestMedia.realFootage("messi5.jpg");
        ModelRegistry zoo = TestZoo.registry("blazepose-full", "blazepose-detector"); // the full model needs its detector beside it
        Path video = pannedPhoto(photo, dir.resolve("messi-pan.mkv"), 45, 30);
        Files.writeString(dir.resolve("aist.yaml"), SharedFixtures.aistGenreCard("aist-genre-lstm", "aist_genre_lstm_vel.onnx", "sliding"));
        Files.createSymbolicLink(dir.resolve("aist_genre_lstm_vel.onnx"), fixture.resolve("aist_genre_lstm_vel.onnx"));
        ModelRegistry.Entry seed = ModelRegistry.scan(List.of(dir)).find("aist-genre-lstm");

        ClassifyAnalysis.Result r;
        try (ResultsStore store = ResultsStore.open(dir.resolve("analysis.db"))) {
            r = ClassifyAnalysis.run(video, seed, zoo.find("blazepose-full"), store, 0, -1, OrtRuntime.Device.CPU, TaskContext.NONE);
        }
        assertThat(r.series()).isNotEmpty();
        ScoreSeries s = r.series().stream().max(java.util.Comparator.comparingInt(ScoreSeries::size)).orElseThrow();
        assertThat(s.size()).as("frames with the dancer's landmarks").isGreaterThan(40);
        assertThat(s.labels()).containsExactly("BR", "HO", "JB", "JS", "KR", "LH", "LO", "MH", "PO", "WA");
        for (float[] v : s.scores()) {
            double sum = 0;
            for (float p : v) {
                assertThat(p).isBetween(0f, 1f);
                sum += p;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-5));
        }
        List<Aggregation.Ranked> top = Aggregation.topK(s, 3);
        System.out.printf("seed LSTM on BlazePose Full world landmarks of messi5.jpg (panned, 45 frames): dancer %d, %d frames, top-3 %s%n",
                s.track(), s.size(), top);
    }
}
