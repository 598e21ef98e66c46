/**
 * OFA MobileNetV3 subnets and single blocks as Deeplearning4j computation graphs, built layer for
 * layer from the cost model, with the pieces DL4J lacks: MobileNetV3's hard swish and hard sigmoid,
 * and squeeze-excitation's channel-wise scale vertex. Depends on {@code space}, {@code cost} and DL4J.
 */
package io.latnas.measure.dl4j;
