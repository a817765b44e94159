package org.dancelens.analysis;

import java.util.List;

/**
 * The one sentence every job's report gives (command line and window alike) when frames of a video could not be
 * decoded, or when the file holds fewer frames than it promises: results have gaps there, and they are said.
 */
public final class Undecodable {
    private Undecodable() {
    }

    /**
     * @param undecodable frames of the job's range that could not be decoded, in order
     * @param damageNote  the video's own note ({@link org.dancelens.core.VideoInfo#damageNote()}), or null
     * @return the sentence, or null when every frame was decoded and the file is whole
     */
    public static String sentence(String file, List<Integer> undecodable, String damageNote) {
        String gaps = null;
        int n = undecodable.size();
        if (n == 1) {
            gaps = "Frame " + undecodable.get(0) + " of " + file + " could not be decoded (the file is damaged there); it is a gap in the results.";
        } else if (n > 1) {
            gaps = n + " frames of " + file + " could not be decoded (the first is frame " + undecodable.get(0)
                    + "; the file is damaged or cut off); they are gaps in the results.";
        }
        return gaps == null ? damageNote : damageNote == null ? gaps : gaps + " " + damageNote;
    }
}
