/**
 * Small types shared by every other package: the user-input error that front ends turn into a
 * one-line message, and hashing helpers. Depends on nothing but the JDK.
 */
package io.latnas.common;
