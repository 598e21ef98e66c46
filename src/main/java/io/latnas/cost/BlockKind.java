package io.latnas.cost;

/** The blocks OFA's latency lookup table keys on, with the name the table gives each. */
public enum BlockKind {
    FIRST_CONV("Conv"),
    /** The first block and every MBConv block of the five stages. */
    EXPANDED_CONV("expanded_conv"),
    FINAL_EXPAND("Conv_1"),
    POOL("AvgPool2D"),
    FEATURE_MIX("Conv_2"),
    CLASSIFIER("Logits");

    private final String ofaName;

    BlockKind(String ofaName) {
        this.ofaName = ofaName;
    }

    /** The layer type that starts a lookup-table key, e.g. {@code expanded_conv}. */
    public String ofaName() {
        return ofaName;
    }
}
