package org.dancelens.render;

import java.util.Map;

/**
 * How much each joint (by the skeleton's joint name, 0..1) mattered to a model's verdict on one dancer. Drawn on that
 * dancer instead of joint confidence: bigger and redder joints mattered more; joints the model does not read are left
 * out.
 */
public record JointImportance(int track, Map<String, Float> byJoint) {
    public JointImportance {
        byJoint = Map.copyOf(byJoint);
    }
}
