package io.latnas.measure.dl4j;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The runtime side of {@link ChannelScaleVertex}: {@code out = map * gate}, gate broadcast over H and W. */
final class ChannelScaleVertexImpl extends BaseGraphVertex {

    private static final long serialVersionUID = 1L;

    ChannelScaleVertexImpl(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("channel scale vertex " + vertexName + " does not have both inputs set");
        }
        INDArray map = inputs[0];
        try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            return map.mul(gate4d(map, inputs[1]));
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("channel scale vertex " + vertexName + " has no epsilon set");
        }
        INDArray map = inputs[0];
        INDArray gate = inputs[1];
        try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            INDArray mapGrad = epsilon.mul(gate4d(map, gate));
            INDArray gateGrad = epsilon.mul(map).sum(true, 2, 3).reshape(gate.shape());
            return new Pair<>(null, new INDArray[] {mapGrad, gateGrad});
        }
    }

    private static INDArray gate4d(INDArray map, INDArray gate) {
        return gate.rank() == 4 ? gate : gate.reshape(map.size(0), map.size(1), 1, 1);
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("channel scale vertex " + vertexName + " has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                           int minibatchSize) {
        return new Pair<>(maskArrays == null || maskArrays.length == 0 ? null : maskArrays[0], currentMaskState);
    }

    @Override
    public String toString() {
        return "ChannelScaleVertex(id=" + vertexIndex + ",name=\"" + vertexName + "\")";
    }
}
