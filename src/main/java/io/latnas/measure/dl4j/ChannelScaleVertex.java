package io.latnas.measure.dl4j;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Squeeze-excitation's channel-wise multiply: the first input, a feature map {@code [N,C,H,W]}, times
 * the second, a per-channel gate {@code [N,C,1,1]} or {@code [N,C]}, broadcast over height and width.
 * DL4J's {@code ElementWiseVertex} needs equal shapes, hence this vertex. No parameters.
 */
public final class ChannelScaleVertex extends GraphVertex {

    private static final long serialVersionUID = 1L;

    @Override
    public ChannelScaleVertex clone() {
        return new ChannelScaleVertex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelScaleVertex;
    }

    @Override
    public int hashCode() {
        return ChannelScaleVertex.class.hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        return new ChannelScaleVertexImpl(graph, name, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 2 || !(vertexInputs[0] instanceof InputType.InputTypeConvolutional map)) {
            throw new InvalidInputTypeException("channel scale needs a convolutional feature map and a gate");
        }
        long gateChannels = -1;
        if (vertexInputs[1] instanceof InputType.InputTypeConvolutional c && c.getHeight() == 1 && c.getWidth() == 1) {
            gateChannels = c.getChannels();
        } else if (vertexInputs[1] instanceof InputType.InputTypeFeedForward f) {
            gateChannels = f.getSize();
        }
        if (gateChannels != map.getChannels()) {
            throw new InvalidInputTypeException("channel scale gate " + vertexInputs[1] + " does not match the "
                    + map.getChannels() + " channels of " + map);
        }
        return map;
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, ChannelScaleVertex.class, inputTypes[0], out)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(0, 0)
                .build();
    }

    @Override
    public String toString() {
        return "ChannelScaleVertex()";
    }
}
