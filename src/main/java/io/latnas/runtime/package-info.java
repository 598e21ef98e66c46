/**
 * The actor runtime of a node: its roles and settings, the root behaviour that spawns what the roles
 * need, an embedded node for the command line and tests with a {@code NodeClient} that drives it from
 * plain Java, and a local proxy for a service that runs on another node. Wires {@code runtime.measure},
 * {@code runtime.dataset}, {@code runtime.predict} and
 * {@code runtime.search} together; domain packages know nothing of it.
 */
package io.latnas.runtime;
