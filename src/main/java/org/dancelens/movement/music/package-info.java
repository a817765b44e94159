/**
 * Music analysis: a video's audio decoded to mono samples on the video's clock ({@link org.dancelens.movement.music.AudioDecoder}),
 * its waveform summary, onset strength ({@link org.dancelens.movement.music.OnsetStrength}), tempo
 * ({@link org.dancelens.movement.music.TempoEstimator}), beats ({@link org.dancelens.movement.music.BeatTracker}), kinematic beats of a
 * movement series ({@link org.dancelens.movement.music.KinematicBeats}) and the beat alignment score
 * ({@link org.dancelens.movement.music.BeatAlignment}); {@link org.dancelens.movement.music.MusicAnalysis} runs the chain.
 *
 * <p>Everything but {@link org.dancelens.movement.music.AudioDecoder} works on plain arrays (no FFmpeg, no JavaFX). Times are
 * seconds on the video's clock: 0 is the first video frame, as in the frame index.
 */
package org.dancelens.movement.music;
