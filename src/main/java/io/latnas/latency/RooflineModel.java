package io.latnas.latency;

import io.latnas.cost.Activation;
import io.latnas.cost.Layer;
import io.latnas.cost.LayerKind;
import io.latnas.cost.NetworkCost;
import io.latnas.hardware.HardwareProfile;

/**
 * Prices one layer on one device: the longer of its compute time (peak FLOP/s scaled by the layer
 * type's efficiency and, on GPUs, by occupancy) and its memory time (fp32 traffic over DRAM or
 * cache bandwidth), plus the framework's per-operator dispatch and, in PyTorch eager, the separate
 * batch-norm and activation kernels. Immutable; allocates nothing.
 */
final class RooflineModel {

    /** OFA's {@code Hswish} is {@code x * relu6(x + 3) / 6}: four element-wise kernels in PyTorch eager. */
    private static final int H_SWISH_KERNELS = 4;
    /** OFA's {@code Hsigmoid} is {@code relu6(x + 3) / 6}: three element-wise kernels. */
    private static final int H_SIGMOID_KERNELS = 3;
    /** OFA's {@code MyGlobalAvgPool2d} takes two means (width, then height). */
    private static final int GLOBAL_POOL_KERNELS = 2;
    /** An element-wise kernel reads its input and writes its output. */
    private static final int ELEMENTWISE_TRANSFERS = 2;
    private static final double BYTES = NetworkCost.BYTES_PER_ELEMENT;
    private static final double MB = 1024.0 * 1024.0;

    private final SimulationSettings.DeviceModel model;
    private final double peakFlops;
    private final double bandwidth;
    private final double cacheBytes;
    private final double cacheBandwidth;
    private final double usedCores;
    private final double dispatchSeconds;

    RooflineModel(HardwareProfile hardware, SimulationSettings.DeviceModel model) {
        this.model = model;
        double generation = model.architectureEfficiency(hardware.architecture());
        int threads = model.threads() == 0 ? hardware.cores() : Math.min(model.threads(), hardware.cores());
        this.usedCores = threads;
        this.peakFlops = 1e9 * generation * (threads == hardware.cores()
                ? hardware.peakFp32Gflops()
                : Math.min(hardware.peakFp32Gflops(), threads * hardware.singleCoreGflops()));
        double dram = hardware.bandwidthGbps();
        if (model.perCoreBandwidthGbps() > 0) {
            dram = Math.min(dram, threads * model.perCoreBandwidthGbps());
        }
        this.bandwidth = 1e9 * generation * dram * model.memoryEfficiency();
        this.cacheBytes = hardware.cacheMb() * MB;
        this.cacheBandwidth = bandwidth * model.cacheBandwidthFactor();
        this.dispatchSeconds = model.opOverheadUs() * 1e-6;
    }

    /** Seconds {@code layer} takes on a batch of {@code batchSize} images, dispatch included. */
    double layerSeconds(Layer layer, int batchSize) {
        double outputs = (double) layer.outputElements() * batchSize;
        double flops = 2.0 * layer.macs() * batchSize;
        double compute = flops == 0 ? 0 : flops / (peakFlops * efficiency(layer) * occupancy(outputs));
        double bytes = BYTES * ((double) (layer.inputElements() + layer.outputElements()) * batchSize
                + layer.weightElements());
        double seconds = operator(Math.max(compute, transfer(bytes)));
        int extraKernels = extraKernels(layer);
        if (extraKernels > 0) {
            double pass = transfer(ELEMENTWISE_TRANSFERS * BYTES * outputs);
            seconds += extraKernels * operator(pass);
        }
        return seconds;
    }

    /**
     * An operator's device time combined with its dispatch: added up, or overlapped. Overlap is
     * imperfect, so rather than the plain maximum we take the 4-norm (a modelling choice): within 2%
     * of the maximum once one side is under half the other, yet a faster device is always faster.
     */
    private double operator(double deviceSeconds) {
        if (!model.overlapDispatch()) {
            return dispatchSeconds + deviceSeconds;
        }
        double d2 = dispatchSeconds * dispatchSeconds;
        double g2 = deviceSeconds * deviceSeconds;
        return Math.sqrt(Math.sqrt(d2 * d2 + g2 * g2));
    }

    private double efficiency(Layer layer) {
        return switch (layer.kind()) {
            case DEPTHWISE_CONV -> model.depthwiseEfficiency();
            case CONV -> layer.kernelSize() == 1 ? model.pointwiseEfficiency() : model.firstConvEfficiency();
            case LINEAR -> model.classifierEfficiency();
            // Pools, scales and adds count no MACs; the memory time prices them.
            case GLOBAL_POOL, SCALE, ADD -> 1.0;
        };
    }

    /** Fraction of full throughput a kernel with this many outputs reaches: w / (w + half), w per core. */
    private double occupancy(double outputs) {
        double half = model.occupancyOutputsPerCore();
        if (half == 0) {
            return 1.0;
        }
        double perCore = outputs / usedCores;
        return perCore / (perCore + half);
    }

    /** Seconds to move {@code bytes}; the part that fits in the last-level cache moves faster. */
    private double transfer(double bytes) {
        if (bytes <= cacheBytes) {
            return bytes / cacheBandwidth;
        }
        return cacheBytes / cacheBandwidth + (bytes - cacheBytes) / bandwidth;
    }

    /**
     * Element-wise kernels that follow a convolution in PyTorch eager: batch norm (OFA uses it on every
     * conv whose map is larger than 1x1; squeeze-excitation and feature-mix convs have none) and the
     * activation. None when the framework fuses them, as TFLite does.
     */
    private int extraKernels(Layer layer) {
        if (layer.kind() == LayerKind.GLOBAL_POOL) {
            return model.fusedEpilogue() ? 0 : GLOBAL_POOL_KERNELS - 1;
        }
        if (model.fusedEpilogue() || (layer.kind() != LayerKind.CONV && layer.kind() != LayerKind.DEPTHWISE_CONV)) {
            return 0;
        }
        int batchNorm = layer.output().height() > 1 ? 1 : 0;
        return batchNorm + activationKernels(layer.activation());
    }

    private static int activationKernels(Activation activation) {
        return switch (activation) {
            case NONE -> 0;
            case RELU -> 1;
            case H_SWISH -> H_SWISH_KERNELS;
            case H_SIGMOID -> H_SIGMOID_KERNELS;
        };
    }
}
