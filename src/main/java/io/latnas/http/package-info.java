/**
 * The HTTP API under {@code /v1} (Pekko HTTP): one routes class per resource, built from the actor refs it
 * needs; {@link io.latnas.http.ApiRoutes} puts the route table behind the token check, metrics and the JSON
 * error model; {@link io.latnas.http.HttpServer} binds and shuts down; {@link io.latnas.http.HttpApi} wires
 * them over a node's services. Two small actors keep what only the API needs (dataset jobs, predictor
 * training). A thin adapter over {@code runtime} and the domain packages; the command line and
 * {@code cluster} use it.
 */
package io.latnas.http;
