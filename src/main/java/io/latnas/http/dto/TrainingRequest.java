package io.latnas.http.dto;

import io.latnas.common.InvalidInputException;

import java.util.regex.Pattern;

/**
 * {@code POST /v1/predictors}: train the paper's MLP latency predictor (§4.2.2, encoder paper128) on the rows
 * of one target in a dataset file of the data directory, or fine-tune one trained here before with its first
 * layers frozen (§4.2.3). The predictor is served by the node's predictor pool once trained.
 *
 * @param dataset      a file name in the data directory (one a dataset job wrote), never a path
 * @param space        the search space of the file's architectures
 * @param hardware     the target's hardware id; only its rows train
 * @param batch        the target's batch size; 1 when left out
 * @param epochs       passes over the training rows; the paper's 100 when left out
 * @param seed         the split and the initial weights; 0 when left out
 * @param base         to fine-tune: the id of a predictor trained through this API
 * @param frozenLayers with {@code base}: layers kept from it, counted from the input; the paper's 2 when left out
 */
public record TrainingRequest(String dataset, String space, String hardware, Integer batch, Integer epochs, Long seed,
                              String base, Integer frozenLayers) {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,122}\\.csv");
    /** The paper trains for 100 epochs and freezes the first two layers when fine-tuning. */
    private static final int PAPER_EPOCHS = 100;
    private static final int PAPER_FROZEN_LAYERS = 2;

    public TrainingRequest {
        MissingFieldException.require("dataset", dataset, "the name of a dataset file in the data directory");
        MissingFieldException.require("space", space, "the search space of the dataset's architectures");
        MissingFieldException.require("hardware", hardware, "the hardware id whose rows train the predictor");
        if (!FILE_NAME.matcher(dataset).matches()) {
            throw new InvalidInputException("dataset", "dataset must be a file name of letters, digits, '.', '-' and"
                    + " '_' ending in .csv, in the server's data directory; got '" + dataset + "'");
        }
        batch = batch == null ? 1 : batch;
        epochs = epochs == null ? PAPER_EPOCHS : epochs;
        seed = seed == null ? 0L : seed;
        if (batch < 1) {
            throw new InvalidInputException("batch", "batch must be at least 1; got " + batch);
        }
        if (epochs < 1) {
            throw new InvalidInputException("epochs", "epochs must be at least 1; got " + epochs);
        }
        if (base != null && base.isBlank()) {
            throw new InvalidInputException("base", "base is empty; give the id of a predictor trained here, or leave"
                    + " it out to train from scratch");
        }
        if (frozenLayers != null && base == null) {
            throw new InvalidInputException("frozenLayers", "frozenLayers applies only when fine-tuning a 'base'");
        }
        frozenLayers = base == null ? Integer.valueOf(0) : frozenLayers == null ? PAPER_FROZEN_LAYERS : frozenLayers;
        if (base != null && frozenLayers < 1) {
            throw new InvalidInputException("frozenLayers", "frozenLayers must be at least 1; got " + frozenLayers);
        }
    }
}
