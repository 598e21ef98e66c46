package io.latnas.http.dto;

import com.fasterxml.jackson.databind.JsonNode;
import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;
import io.latnas.space.ArchitectureCodec;
import io.latnas.space.InvalidArchitectureException;
import io.latnas.space.SearchSpace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code POST /v1/predictions}: latencies of one architecture or a batch of them, from a model named by id,
 * or from the model that predicts for {@code hardware} (and {@code space}, where several spaces are served).
 *
 * @param model         a model id served by the predictor pool, e.g. {@code simulated:rtx2080ti@ofa-mbv3-w1.0}
 * @param hardware      instead of a model: the hardware whose model should answer
 * @param space         with {@code hardware}: which space's model, when the hardware has several
 * @param batch         images per forward pass; 1 when left out
 * @param architecture  one architecture in OFA's JSON form ({@code {"ks":[...],"e":[...],"d":[...],"r":[...]}})
 * @param architectures instead of one: a list of them
 */
public record PredictionRequest(String model, String hardware, String space, Integer batch, JsonNode architecture,
                                List<JsonNode> architectures) {

    public PredictionRequest {
        requireText("model", model);
        requireText("hardware", hardware);
        requireText("space", space);
        if (model == null && hardware == null) {
            throw new MissingFieldException("model", "give 'model' (a model id, GET /v1/predictors) or 'hardware'"
                    + " (a hardware id whose model should answer)");
        }
        if (model != null && hardware != null) {
            throw new InvalidInputException("hardware", "give 'model' or 'hardware', not both");
        }
        if (model != null && space != null) {
            throw new InvalidInputException("space", "a model predicts for one space; give 'space' only with"
                    + " 'hardware'");
        }
        batch = batch == null ? 1 : batch;
        if (batch < 1) {
            throw new InvalidInputException("batch", "batch must be at least 1; got " + batch);
        }
        boolean one = architecture != null && !architecture.isNull();
        if (one == (architectures != null)) {
            throw one ? new InvalidInputException("architectures", "give 'architecture' or 'architectures', not"
                    + " both")
                    : new MissingFieldException("architecture", "give 'architecture' (one, in OFA's JSON form) or"
                    + " 'architectures' (a list of them)");
        }
        if (!one && architectures.isEmpty()) {
            throw new InvalidInputException("architectures", "architectures is empty; give at least one");
        }
        architecture = one ? architecture : null;
        // List.copyOf refuses null elements, which are reported with their index when parsed.
        architectures = architectures == null ? null : Collections.unmodifiableList(new ArrayList<>(architectures));
    }

    /** Whether one architecture was asked about, rather than a list. */
    public boolean single() {
        return architecture != null;
    }

    /** How many architectures the request carries. */
    public int count() {
        return single() ? 1 : architectures.size();
    }

    /**
     * The architectures, read and checked against {@code space}.
     *
     * @throws InvalidArchitectureException naming the architecture and the field at fault, e.g.
     *                                      {@code architectures[3].ks[7]}
     */
    public List<Architecture> parse(SearchSpace space) {
        if (single()) {
            return List.of(read(architecture, "architecture", space));
        }
        List<Architecture> parsed = new ArrayList<>(architectures.size());
        for (int i = 0; i < architectures.size(); i++) {
            parsed.add(read(architectures.get(i), "architectures[" + i + "]", space));
        }
        return parsed;
    }

    private static Architecture read(JsonNode node, String where, SearchSpace space) {
        if (node == null || node.isNull()) {
            throw new InvalidArchitectureException(where, where + " is null; give an architecture in OFA's JSON"
                    + " form");
        }
        try {
            return ArchitectureCodec.fromJson(node, space);
        } catch (InvalidInputException e) {
            String field = e.field() == null ? where : where + "." + e.field();
            throw new InvalidArchitectureException(field, where + ": " + e.getMessage(), e);
        }
    }

    private static void requireText(String field, String value) {
        if (value != null && value.isBlank()) {
            throw new InvalidInputException(field, field + " is empty");
        }
    }
}
