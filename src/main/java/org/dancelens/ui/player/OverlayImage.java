package org.dancelens.ui.player;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import javafx.scene.image.Image;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.dancelens.render.OverlayRenderer;
import org.dancelens.render.OverlayScene;
import org.dancelens.render.Viewport;

/**
 * The player's overlay as one JavaFX image: the {@link OverlayRenderer} draws the scene into a reused buffer, which is
 * copied into one reused {@link PixelBuffer}-backed image. Both are reallocated only when the viewport's size changes,
 * and nothing is drawn again while the scene and the viewport stay the same. FX thread only.
 */
final class OverlayImage {
    private final OverlayRenderer renderer = new OverlayRenderer();
    private BufferedImage buffer;
    private PixelBuffer<IntBuffer> pixels;
    private WritableImage image;
    private OverlayScene drawnScene;
    private Viewport drawnViewport;

    /** The scene drawn through the viewport, an image of the viewport's size. */
    Image of(OverlayScene scene, Viewport viewport) {
        if (scene == drawnScene && viewport.equals(drawnViewport)) {
            return image;
        }
        if (buffer == null || buffer.getWidth() != viewport.width() || buffer.getHeight() != viewport.height()) {
            buffer = OverlayRenderer.newBuffer(viewport);
            IntBuffer ints = ByteBuffer.allocateDirect(viewport.width() * viewport.height() * 4).order(ByteOrder.nativeOrder()).asIntBuffer();
            pixels = new PixelBuffer<>(viewport.width(), viewport.height(), ints, PixelFormat.getIntArgbPreInstance());
            image = new WritableImage(pixels);
        }
        renderer.render(scene, viewport, buffer);
        int[] argb = ((DataBufferInt) buffer.getRaster().getDataBuffer()).getData();
        pixels.updateBuffer(pb -> {
            IntBuffer b = pb.getBuffer();
            b.clear();
            b.put(argb);
            b.flip();
            return null;
        });
        drawnScene = scene;
        drawnViewport = viewport;
        return image;
    }
}
