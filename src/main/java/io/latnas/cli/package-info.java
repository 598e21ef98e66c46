/**
 * The {@code latnas} command line (picocli): one small class per command, each a thin front over
 * the domain packages. Errors a user can fix print as one line and exit 2; nothing here holds logic
 * a test of the domain would need.
 */
package io.latnas.cli;
