/**
 * The analytic cost of an OFA MobileNetV3 subnet: its exact layer list, MACs and parameters as OFA's
 * profiler counts them, the tensor sizes a roofline model needs, and the grouping into blocks that
 * OFA's latency lookup tables key on. Plain Java; depends only on {@code space} and {@code common}.
 */
package io.latnas.cost;
