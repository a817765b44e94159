/**
 * Kinematics of one dancer, and of two, from pose tracks: pure Java on arrays, no window, no files, no store. It
 * imports only {@code org.dancelens.core} (and Hipparchus).
 *
 * <p>In: a {@link org.dancelens.movement.Track} (a dancer's poses per frame, the frames' times, a confidence
 * threshold under which a joint is a gap, NaN, never a zero). Out: {@link org.dancelens.movement.Kinematics#measure}
 * gives a {@link org.dancelens.movement.KinematicsResult}, named series aligned to the track's frames plus a summary.
 *
 * <p>The measures and where their definitions come from:
 * <ul>
 * <li>derivatives: {@link org.dancelens.movement.SavitzkyGolay} (Savitzky and Golay 1964), fitted on the frames'
 * actual times, never plain differences;</li>
 * <li>joint angles, 2D and 3D: {@link org.dancelens.movement.JointAngle}; range of motion:
 * {@link org.dancelens.movement.RangeOfMotion} (percentiles of Hyndman and Fan 1996, definition 7);</li>
 * <li>speeds, accelerations, jerks: {@link org.dancelens.movement.Motion}; metres from pixels:
 * {@link org.dancelens.movement.Calibration};</li>
 * <li>centre of mass: {@link org.dancelens.movement.CentreOfMass} (de Leva 1996, Table 4);</li>
 * <li>symmetry: {@link org.dancelens.movement.Symmetry} (Robinson, Herzog and Nigg 1987);</li>
 * <li>smoothness: {@link org.dancelens.movement.Smoothness}, LDLJ and SPARC (Balasubramanian et al. 2012, 2015);</li>
 * <li>quantity of motion, energy, stillness: {@link org.dancelens.movement.Energy};</li>
 * <li>movement tempo: {@link org.dancelens.movement.Tempo} (autocorrelation);</li>
 * <li>two dancers: {@link org.dancelens.movement.Synchrony} (windowed cross-correlation, Boker et al. 2002).</li>
 * </ul>
 */
package org.dancelens.movement;
