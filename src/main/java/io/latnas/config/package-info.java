/**
 * Typed settings built once from {@code application.conf}: entry points load {@link
 * io.latnas.config.LatnasSettings} and hand its parts to the code that needs them. The only package
 * besides the settings records of each domain package that touches Typesafe Config.
 */
package io.latnas.config;
