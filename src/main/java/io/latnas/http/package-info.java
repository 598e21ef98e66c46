/**
 * The HTTP API under {@code /v1} (Pekko HTTP): one routes class per resource, built from the actor refs
 * it needs; {@link io.latnas.http.HttpServer} binds and shuts down; {@link io.latnas.http.ApiRoutes} adds
 * the token check, metrics and the JSON error model around the route table. A thin adapter over
 * {@code runtime} and the domain packages; nothing else depends on it except the command line.
 */
package io.latnas.http;
