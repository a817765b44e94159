/**
 * Music analysis: a video's audio decoded to mono samples on the video's clock ({@link org.dancelens.music.AudioDecoder}),
 * its waveform summary, onset strength ({@link org.dancelens.music.OnsetStrength}), tempo
 * ({@link org.dancelens.music.TempoEstimator}), beats ({@link org.dancelens.music.BeatTracker}), kinematic beats of a
 * movement series ({@link org.dancelens.music.KinematicBeats}) and the beat alignment score
 * ({@link org.dancelens.music.BeatAlignment}); {@link org.dancelens.music.MusicAnalysis} runs the chain.
 *
 * <p>Everything but {@link org.dancelens.music.AudioDecoder} works on plain arrays (no FFmpeg, no JavaFX). Times are
 * seconds on the video's clock: 0 is the first video frame, as in the frame index.
 */
package org.dancelens.music;
