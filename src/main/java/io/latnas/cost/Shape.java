package io.latnas.cost;

/** A feature map of one image: height, width and channels (a classifier's output is {@code 1x1xclasses}). */
public record Shape(int height, int width, int channels) {

    /** Number of values in the map. */
    public long elements() {
        return (long) height * width * channels;
    }

    /** OFA's lookup-table form, {@code HxWxC}. */
    @Override
    public String toString() {
        return height + "x" + width + "x" + channels;
    }
}
