package org.dancelens.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.dancelens.classify.Metrics;
import org.dancelens.core.DanceLensException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {
    private static final List<String> LABELS = List.of("ballet", "hip-hop", "tango", "contemporary", "folk");

    @TempDir
    Path dir;

    /**
     * 12 items; confusion [true][predicted] in label order:
     * <pre>
     *                 ballet hip-hop tango contemporary folk
     *   ballet           3      0      0        1         0
     *   hip-hop          0      3      0        0         0
     *   tango            1      0      2        0         0
     *   contemporary     0      1      0        1         0
     *   folk             0      0      0        0         0
     * </pre>
     * accuracy 9/12 = 0.75; folk occurs nowhere (null in JSON, left out of the macro averages).
     */
    static Metrics.Evaluation evaluation() {
        int[][] m = {{3, 0, 0, 1, 0}, {0, 3, 0, 0, 0}, {1, 0, 2, 0, 0}, {0, 1, 0, 1, 0}, {0, 0, 0, 0, 0}};
        List<Metrics.Prediction> ps = new ArrayList<>();
        for (int t = 0; t < m.length; t++) {
            for (int p = 0; p < m.length; p++) {
                for (int k = 0; k < m[t][p]; k++) {
                    List<String> ranked = new ArrayList<>(LABELS);
                    ranked.remove(LABELS.get(p));
                    ranked.add(0, LABELS.get(p));
                    ps.add(new Metrics.Prediction(LABELS.get(t) + "-" + k + ".mp4", LABELS.get(t), ranked));
                }
            }
        }
        return Metrics.evaluate(LABELS, ps);
    }

    static Map<String, String> provenance() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("modelId", "style-<demo>");
        p.put("onnxSha256", "0123456789abcdef");
        p.put("manifest", "/data/manifest.csv");
        p.put("date", "2025-06-01T12:00:00Z");
        return p;
    }

    @Test
    void writesTheFiveFiles() throws Exception {
        Metrics.Evaluation ev = evaluation();
        Path out = dir.resolve("report");
        EvaluationReport.write(ev, provenance(), out);

        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("metrics.json", "confusion.csv", "confusion.png", "confusion.svg", "report.html");
        }

        JsonNode j = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(j.get("format").asText()).isEqualTo("dancelens-evaluation-1");
        assertThat(j.get("provenance").get("onnxSha256").asText()).isEqualTo("0123456789abcdef");
        assertThat(j.get("provenance").get("manifest").asText()).isEqualTo("/data/manifest.csv");
        assertThat(j.get("n").asInt()).isEqualTo(12);
        assertThat(j.get("accuracy").asDouble()).isCloseTo(0.75, within(1e-12));
        // ballet P 3/4 R 3/4; hip-hop P 3/4 R 1; tango P 1 R 2/3; contemporary P 1/2 R 1/2; folk nowhere.
        assertThat(j.get("macro").get("precision").asDouble()).isCloseTo((0.75 + 0.75 + 1 + 0.5) / 4, within(1e-12));
        assertThat(j.get("macro").get("recall").asDouble()).isCloseTo((0.75 + 1 + 2.0 / 3 + 0.5) / 4, within(1e-12));
        assertThat(j.get("balancedAccuracy").asDouble()).isCloseTo((0.75 + 1 + 2.0 / 3 + 0.5) / 4, within(1e-12));
        assertThat(j.get("macro").get("f1").asDouble()).isCloseTo(ev.macroF1(), within(1e-12));
        assertThat(j.get("topK").get("1").asDouble()).isCloseTo(0.75, within(1e-12));
        assertThat(j.get("topK").get("3").asDouble()).isCloseTo(ev.topK().get(3), within(1e-12));
        assertThat(j.get("topK").get("5").asDouble()).isCloseTo(1.0, within(1e-12));
        JsonNode tango = j.get("perClass").get(2);
        assertThat(tango.get("label").asText()).isEqualTo("tango");
        assertThat(tango.get("precision").asDouble()).isCloseTo(1.0, within(1e-12));
        assertThat(tango.get("recall").asDouble()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(tango.get("f1").asDouble()).isCloseTo(0.8, within(1e-12));
        assertThat(tango.get("support").asInt()).isEqualTo(3);
        assertThat(tango.get("predicted").asInt()).isEqualTo(2);
        assertThat(j.get("perClass").get(4).get("precision").isNull()).isTrue();
        assertThat(j.get("confusion").get("matrix").toString()).isEqualTo("[[3,0,0,1,0],[0,3,0,0,0],[1,0,2,0,0],[0,1,0,1,0],[0,0,0,0,0]]");
        assertThat(j.get("items")).hasSize(12);
        assertThat(j.get("items").get(0).get("ranked")).hasSize(5);

        assertThat(Files.readAllLines(out.resolve("confusion.csv"))).containsExactly(
                "true_label,ballet,hip-hop,tango,contemporary,folk",
                "ballet,3,0,0,1,0",
                "hip-hop,0,3,0,0,0",
                "tango,1,0,2,0,0",
                "contemporary,0,1,0,1,0",
                "folk,0,0,0,0,0");

        byte[] pngBytes = Files.readAllBytes(out.resolve("confusion.png"));
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(pngBytes));
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isBetween(400, 1600);
        assertThat(png.getHeight()).isBetween(400, 1600);
        assertThat(distinctColours(png)).isGreaterThan(20);
        // The darkest cell (count 3) is dark blue, an empty one near white: sample the cell centres along the diagonal.
        assertThat(darkPixels(png)).isGreaterThan(1000);

        // the same chart as SVG: well-formed XML of the PNG's size, the labels and the counts written as text (JFreeChart
        // draws the rotated axis title "True label" as glyph outlines)
        org.w3c.dom.Document svg = org.dancelens.testsupport.SvgFiles.parse(out.resolve("confusion.svg"));
        org.w3c.dom.Element root = svg.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(Double.parseDouble(root.getAttribute("width"))).isEqualTo(png.getWidth());
        assertThat(Double.parseDouble(root.getAttribute("height"))).isEqualTo(png.getHeight());
        List<String> texts = org.dancelens.testsupport.SvgFiles.texts(svg);
        assertThat(texts).contains("ballet", "hip-hop", "tango", "contemporary", "folk", "Predicted label");
        assertThat(texts.stream().filter("3"::equals).count()).as("the two cells counting 3").isGreaterThanOrEqualTo(2);

        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<td class=\"n\">12</td>", "0.750", "0.729", String.format(java.util.Locale.ROOT, "%.3f", ev.macroF1()),
                        "Top-5 accuracy", "contemporary", "0123456789abcdef", "/data/manifest.csv",
                        "style-&lt;demo&gt;")
                .doesNotContain("style-<demo>")
                .doesNotContain("src=\"confusion.png\"");
        Matcher img = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        assertThat(img.find()).isTrue();
        assertThat(Base64.getDecoder().decode(img.group(1))).isEqualTo(pngBytes);
    }

    @Test
    void overwritesAnEarlierReport() throws IOException {
        Path out = Files.createDirectories(dir.resolve("again"));
        Files.writeString(out.resolve("metrics.json"), "old");
        EvaluationReport.write(evaluation(), provenance(), out);
        assertThat(Files.readString(out.resolve("metrics.json"))).contains("dancelens-evaluation-1");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).hasSize(5);
        }
    }

    @Test
    void anUnwritableFolderIsOneSentence() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        assertThatThrownBy(() -> EvaluationReport.write(evaluation(), provenance(), file.resolve("out")))
                .isInstanceOfSatisfying(DanceLensException.class,
                        e -> assertThat(e.kind()).isEqualTo(DanceLensException.Kind.BAD_INPUT))
                .hasMessage("Could not write into " + file.resolve("out") + ": " + file + " is a file, not a folder.");
        assertThatThrownBy(() -> EvaluationReport.write(evaluation(), provenance(), file))
                .isInstanceOf(DanceLensException.class)
                .hasMessage("Could not write into " + file + ": " + file + " is a file, not a folder.");

        Path blocked = Files.createDirectories(dir.resolve("blocked"));
        Files.createDirectories(blocked.resolve("confusion.png/inside"));
        assertThatThrownBy(() -> EvaluationReport.write(evaluation(), provenance(), blocked))
                .isInstanceOf(DanceLensException.class).hasMessage("Could not write " + blocked.resolve("confusion.png") + ": it is a folder.");
        try (Stream<Path> files = Files.list(blocked)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("confusion.png");
        }
    }

    @Test
    void scaleIsDarkerForHigherCountsAndTextContrasts() {
        EvaluationReport.CountScale s = new EvaluationReport.CountScale(10);
        double previous = Double.MAX_VALUE;
        for (int v = 0; v <= 10; v++) {
            java.awt.Color c = s.color(v);
            double brightness = c.getRed() + c.getGreen() + c.getBlue();
            assertThat(brightness).as("count " + v).isLessThan(previous);
            previous = brightness;
        }
        assertThat(EvaluationReport.textColor(s.color(0))).isNotEqualTo(java.awt.Color.WHITE);
        assertThat(EvaluationReport.textColor(s.color(10))).isEqualTo(java.awt.Color.WHITE);
    }

    private static int distinctColours(BufferedImage img) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                colours.add(img.getRGB(x, y) & 0xffffff);
            }
        }
        return colours.size();
    }

    private static int darkPixels(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = rgb >> 16 & 0xff;
                int b = rgb & 0xff;
                if (b > 90 && r < 40) {
                    n++;
                }
            }
        }
        return n;
    }
}
