package io.latnas.http.dto;

import java.util.List;

/**
 * {@code GET /v1/cluster}: the nodes, their roles and the hardware each measures.
 *
 * @param provider {@code local} for a single node, {@code cluster} when nodes form a cluster
 * @param self     this node's address
 */
public record ClusterView(String provider, String self, List<Member> members) {

    /**
     * @param status     the member's cluster status ({@code up} for a single node)
     * @param hardware   hardware ids its measurement actors serve
     * @param predictors model ids its predictor pool serves
     */
    public record Member(String address, List<String> roles, String status, List<String> hardware,
                         List<MeasurementActorView> measurementActors, List<String> predictors) {
    }
}
