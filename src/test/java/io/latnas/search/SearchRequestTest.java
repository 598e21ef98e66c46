package io.latnas.search;

import io.latnas.common.InvalidInputException;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchRequestTest {

    @Test
    void takesBatchSizeAndSeedFromTheSettings() {
        SearchRequest request = SearchRequest.of(SearchSpaces.OFA_W10, Fixtures.SMALL, 15, 25);
        assertThat(request.latencyConstraintsMs()).containsExactly(15.0, 25.0);
        assertThat(request.batchSize()).isEqualTo(Fixtures.SMALL.batchSize());
        assertThat(request.seed()).isEqualTo(Fixtures.SMALL.seed());
    }

    @Test
    void rejectsARequestWithoutConstraints() {
        assertThatThrownBy(() -> new SearchRequest(SearchSpaces.OFA_W10, List.of(), 1, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("give at least one latency constraint in milliseconds");
    }

    @Test
    void rejectsANonPositiveConstraint() {
        assertThatThrownBy(() -> SearchRequest.of(SearchSpaces.OFA_W10, Fixtures.SMALL, 20, -3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("latency constraint -3.0 ms must be a positive number");
    }

    @Test
    void rejectsAZeroBatch() {
        assertThatThrownBy(() -> new SearchRequest(SearchSpaces.OFA_W10, List.of(20.0), 0, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("batch size must be at least 1, got 0");
    }
}
