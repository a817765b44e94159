package org.dancelens.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dancelens explain} on a real model and a real face: the zoo's emotion classifier (TF.js, converted by
 * DanceLens's importer, with the zoo's card and its explain hints), on the face cut from messi5.jpg. Maps for two
 * classes must differ.
 */
class EmotionExplainCliTest {
    /** The video's results store (where the command line now stores) in a data folder of the test's own. */
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.dancelens.testsupport.IsolatedData data = new org.dancelens.testsupport.IsolatedData();

    @TempDir
    Path dir;

    @Test
    void gradCamMapsOfARealFaceForTwoClasses() throws Exception {
        // the zoo's own card and conversion (explain hints: scores = the logits before the softmax)
        Path card = org.dancelens.testsupport.TestZoo.registry("emotion").find("emotion").cardFile();
        Path photo = TestMedia.realFootage("messi5.jpg");
        BufferedImage src = ImageIO.read(photo.toFile());
        Path face = dir.resolve("face.png");
        ImageIO.write(src.getSubimage(200, 78, 62, 62), "png", face.toFile());

        CliRun list = CliRun.of("explain", face.toString(), "--model", card.toString(), "--list-layers");
        assertThat(list.code()).isZero();
        String lastLayer = list.out().strip().lines().takeWhile(l -> !l.contains("residual blocks")).reduce((a, b) -> b).orElseThrow().split(" ")[0];
        assertThat(list.out()).contains("residual blocks (for --without):").contains("  StatefulPartitionedCall/model_1/add_2/add (main path of");

        CliRun top = CliRun.of("explain", face.toString(), "--model", card.toString(), "--metrics", "--road", "--out",
                dir.resolve("top").toString());
        assertThat(top.err()).isEmpty();
        assertThat(top.code()).isZero();
        JsonNode t = new ObjectMapper().readTree(dir.resolve("top/explain.json").toFile());
        String topClass = t.at("/frames/0/class").asText();
        String other = topClass.equals("happy") ? "sad" : "happy";
        CliRun second = CliRun.of("explain", face.toString(), "--model", card.toString(), "--class", other,
                "--out", dir.resolve("other").toString());
        assertThat(second.code()).isZero();
        float[] a = ExplainCliTest.npy64(dir.resolve("top/frame_000000.npy"));
        float[] b = ExplainCliTest.npy64(dir.resolve("other/frame_000000.npy"));
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        double cosine = dot / Math.sqrt(na * nb + 1e-12);
        System.out.printf("emotion on messi5.jpg's face: top class %s (layer %s, last candidate %s); cosine between its map and %s's: %.3f%n",
                topClass, t.get("layer").asText(), lastLayer, other, cosine);
        assertThat(cosine).as("maps of different classes differ").isLessThan(0.95);
        String metrics = Files.readAllLines(dir.resolve("top/metrics.csv")).get(1);
        System.out.println("emotion on messi5.jpg's face, metrics (frame,class,deletion_auc,insertion_auc,...): " + metrics);
        String[] m = metrics.split(",", -1);
        CliRun score = CliRun.of("explain", face.toString(), "--model", card.toString(), "--method", "scorecam",
                "--out", dir.resolve("score").toString());
        assertThat(score.err()).isEmpty();
        JsonNode sc = new ObjectMapper().readTree(dir.resolve("score/explain.json").toFile());
        float[] s = ExplainCliTest.npy64(dir.resolve("score/frame_000000.npy"));
        double d2 = 0;
        double n2 = 0;
        double m2 = 0;
        for (int i = 0; i < s.length; i++) {
            d2 += s[i] * a[i];
            n2 += s[i] * s[i];
            m2 += a[i] * a[i];
        }
        System.out.printf("emotion on messi5.jpg's face: Score-CAM's map has a cosine of %.3f with Grad-CAM's%n", d2 / Math.sqrt(n2 * m2 + 1e-12));
        assertThat(sc.at("/frames/0/class").asText()).isEqualTo(topClass);
        assertThat(Double.parseDouble(m[2])).isBetween(0.0, 1.0);
        assertThat(Double.parseDouble(m[7])).as("ROAD MoRF").isBetween(0.0, 1.0);
        assertThat(Double.parseDouble(m[8])).as("ROAD LeRF").isBetween(0.0, 1.0);
        assertThat(t.at("/frames/0/road/morf").size()).isEqualTo(9);
        // ROAD's columns are the means of its curves in explain.json (the class's probability at 10-90% removed) ...
        for (String[] curve : new String[][] {{"morf", m[7]}, {"lerf", m[8]}}) {
            double sum = 0;
            for (JsonNode p : t.at("/frames/0/road/" + curve[0])) {
                assertThat(p.asDouble()).as("a probability on the %s curve", curve[0]).isBetween(0.0, 1.0);
                sum += p.asDouble();
            }
            assertThat(Double.parseDouble(curve[1])).as("road_%s", curve[0]).isCloseTo(sum / 9, org.assertj.core.data.Offset.offset(1e-6));
        }
        // ... and the deletion and insertion areas are the library's on the same picture (and each the area under its curve)
        var entry = org.dancelens.testsupport.TestZoo.registry("emotion").find("emotion");
        try (org.dancelens.analysis.FrameExplainer ex = org.dancelens.analysis.FrameExplainer.open(entry, null, org.dancelens.inference.OrtRuntime.Device.CPU)) {
            org.dancelens.core.VideoFrame picture = org.dancelens.video.StillImage.read(face);
            var res = ex.explain(picture, -1, GradCam.Method.GRAD_CAM);
            assertThat(res.label()).isEqualTo(topClass);
            var fa = ex.faithfulness(picture, res, org.dancelens.analysis.ExplainMetrics.FAITHFULNESS_STEPS);
            assertThat(Double.parseDouble(m[2])).as("deletion_auc").isCloseTo(fa.deletionAuc(), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(Double.parseDouble(m[3])).as("insertion_auc").isCloseTo(fa.insertionAuc(), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(fa.deletionAuc()).isCloseTo(CamMetrics.auc(fa.deletion()), org.assertj.core.data.Offset.offset(1e-12));
            assertThat(fa.insertionAuc()).isCloseTo(CamMetrics.auc(fa.insertion()), org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(ImageIO.read(dir.resolve("top/frame_000000.png").toFile()).getWidth()).isEqualTo(62);
        // the same map with the last residual block left out: its main path no longer reaches the class maps
        CliRun cut = CliRun.of("explain", face.toString(), "--model", card.toString(), "--without",
                "StatefulPartitionedCall/model_1/add_2/add", "--class", topClass, "--out", dir.resolve("cut").toString());
        assertThat(cut.err()).isEmpty();
        JsonNode ct = new ObjectMapper().readTree(dir.resolve("cut/explain.json").toFile());
        assertThat(ct.at("/without/0").asText()).isEqualTo("StatefulPartitionedCall/model_1/add_2/add");
        float[] w = ExplainCliTest.npy64(dir.resolve("cut/frame_000000.npy"));
        double dw = 0;
        double nw = 0;
        for (int i = 0; i < w.length; i++) {
            dw += w[i] * a[i];
            nw += w[i] * w[i];
        }
        System.out.printf("emotion on messi5.jpg's face, %s with and without block add_2: scores %s vs %s; cosine of the maps %.3f%n", topClass,
                t.at("/frames/0/scores"), ct.at("/frames/0/scores"), dw / Math.sqrt(nw * na + 1e-12));
        assertThat(ct.at("/frames/0/scores").toString()).isNotEqualTo(t.at("/frames/0/scores").toString());
        CliRun noBlock = CliRun.of("explain", face.toString(), "--model", card.toString(), "--without", "add_9",
                "--out", dir.resolve("cut2").toString());
        assertThat(noBlock.code()).isEqualTo(2);
        assertThat(noBlock.err().lines().count()).isEqualTo(1);
        assertThat(noBlock.err()).contains("has no residual block named add_9");
        Files.copy(dir.resolve("top/frame_000000.png"), TestMedia.generatedDir().resolve("emotion-gradcam-face.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
