/**
 * What makes nodes one Pekko Cluster: the cluster settings and seed-node addresses, starting a node that
 * joins its seed nodes (or itself) and fronts its api role with the HTTP server, and the membership view
 * {@code GET /v1/cluster} reports. Depends on {@code runtime} and {@code http}; nothing depends on it but
 * the command line.
 */
package io.latnas.cluster;
