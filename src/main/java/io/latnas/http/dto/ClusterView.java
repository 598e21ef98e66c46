package io.latnas.http.dto;

import java.util.List;

/**
 * {@code GET /v1/cluster}: the nodes, their roles, the hardware each measures and the models each serves.
 *
 * @param provider    {@code local} for a single node, {@code cluster} when nodes form a cluster
 * @param self        this node's address
 * @param leader      the cluster leader's address; {@code null} on the local provider or while there is none
 * @param unreachable addresses of members the failure detector cannot reach now
 */
public record ClusterView(String provider, String self, String leader, List<String> unreachable,
                          List<Member> members) {

    /**
     * @param status     the member's cluster status ({@code joining}, {@code up}, {@code leaving}, ...; {@code up}
     *                   for a single node)
     * @param reachable  whether this node's failure detector reaches it
     * @param hardware   hardware ids its measurement actors serve
     * @param predictors model ids its predictor pool serves
     */
    public record Member(String address, List<String> roles, String status, boolean reachable, List<String> hardware,
                         List<MeasurementActorView> measurementActors, List<String> predictors) {
    }
}
