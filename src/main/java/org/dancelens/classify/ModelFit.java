package org.dancelens.classify;

import java.util.Comparator;
import org.dancelens.inference.ModelCard;

/**
 * Whether a style model fits dance video, from what its card says it looks at ({@code looksAt}) and what it was
 * trained on ({@code content}): dance models come first in the choosers, the others are marked, and a model that
 * looks at faces or person crops but is given whole frames gets a warning beside its verdict.
 */
public final class ModelFit {
    private ModelFit() {
    }

    /** Dance models first (the card's {@code content} says dance), then the others, each group in the order given. */
    public static final Comparator<ModelCard> DANCE_FIRST = Comparator.comparing(c -> !c.isAboutDance());

    /**
     * What to show beside a model that is not a dance model (null for a dance model), e.g. "facial expressions, not
     * dance", or "its card does not say what it was trained on".
     */
    public static String note(ModelCard card) {
        if (card.isAboutDance()) {
            return null;
        }
        return card.content() != null ? card.content().strip() + ", not dance" : "its card does not say what it was trained on";
    }

    /** The model's id with its {@link #note}, as a chooser shows it: "emotion — facial expressions, not dance". */
    public static String label(ModelCard card) {
        String n = note(card);
        return n == null ? card.id() : card.id() + " — " + n;
    }

    /** Whether DanceLens gives this model each dancer's box rather than the whole frame ({@code crop: person}). */
    private static boolean cropsPeople(ModelCard card) {
        return card.inputs() != null && card.inputs().stream()
                .anyMatch(t -> t.preprocess() != null && "person".equals(t.preprocess().crop()));
    }

    /**
     * The warning to show beside the model's verdicts on dance video when it is given pictures unlike the ones it
     * was trained on (a face model on whole frames or dancers' boxes, a person-crop model on whole frames); null when
     * it fits or its card does not say.
     */
    public static String warning(ModelCard card) {
        ModelCard.LooksAt looks = card.looksAt();
        if (looks == ModelCard.LooksAt.FACES) {
            return card.id() + " looks at faces; on " + (cropsPeople(card) ? "dancers' whole bodies" : "whole dance frames")
                    + " its verdict means little.";
        }
        if (looks == ModelCard.LooksAt.PERSON_CROPS && !cropsPeople(card)) {
            return card.id() + " looks at one person cropped out of a picture; on whole dance frames its verdict means little.";
        }
        return null;
    }
}
