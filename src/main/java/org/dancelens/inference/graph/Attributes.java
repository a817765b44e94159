package org.dancelens.inference.graph;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

/**
 * ONNX node attributes: making one from a Java value, and reading one from a node with the default the operator's
 * specification gives when the attribute is absent.
 */
public final class Attributes {
    private Attributes() {
    }

    /**
     * An attribute of the type the value implies: Integer or Long an INT, Float or Double a FLOAT, String a STRING,
     * long[] INTS, float[] FLOATS, a TensorProto a TENSOR.
     *
     * @throws IllegalArgumentException for any other value (a programming error, not a user's)
     */
    public static OnnxMl.AttributeProto of(String name, Object value) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name);
        if (value instanceof Integer || value instanceof Long) {
            a.setType(OnnxMl.AttributeProto.AttributeType.INT).setI(((Number) value).longValue());
        } else if (value instanceof Float || value instanceof Double) {
            a.setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(((Number) value).floatValue());
        } else if (value instanceof String s) {
            a.setType(OnnxMl.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else if (value instanceof long[] ints) {
            a.setType(OnnxMl.AttributeProto.AttributeType.INTS);
            for (long v : ints) {
                a.addInts(v);
            }
        } else if (value instanceof float[] floats) {
            a.setType(OnnxMl.AttributeProto.AttributeType.FLOATS);
            for (float v : floats) {
                a.addFloats(v);
            }
        } else if (value instanceof OnnxMl.TensorProto t) {
            a.setType(OnnxMl.AttributeProto.AttributeType.TENSOR).setT(t);
        } else {
            throw new IllegalArgumentException("attribute " + name + ": " + value);
        }
        return a.build();
    }

    /** The node's attribute of that name, or null. */
    public static OnnxMl.AttributeProto find(OnnxMl.NodeProtoOrBuilder node, String name) {
        for (OnnxMl.AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    public static long getInt(OnnxMl.NodeProtoOrBuilder node, String name, long dflt) {
        OnnxMl.AttributeProto a = find(node, name);
        return a == null ? dflt : a.getI();
    }

    public static float getFloat(OnnxMl.NodeProtoOrBuilder node, String name, float dflt) {
        OnnxMl.AttributeProto a = find(node, name);
        return a == null ? dflt : a.getF();
    }

    public static String getString(OnnxMl.NodeProtoOrBuilder node, String name, String dflt) {
        OnnxMl.AttributeProto a = find(node, name);
        return a == null ? dflt : a.getS().toStringUtf8();
    }

    public static long[] getInts(OnnxMl.NodeProtoOrBuilder node, String name, long[] dflt) {
        OnnxMl.AttributeProto a = find(node, name);
        return a == null ? dflt : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    public static float[] getFloats(OnnxMl.NodeProtoOrBuilder node, String name, float[] dflt) {
        OnnxMl.AttributeProto a = find(node, name);
        if (a == null) {
            return dflt;
        }
        float[] v = new float[a.getFloatsCount()];
        for (int k = 0; k < v.length; k++) {
            v[k] = a.getFloats(k);
        }
        return v;
    }
}
