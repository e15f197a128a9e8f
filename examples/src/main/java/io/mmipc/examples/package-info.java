/**
 * Examples of the public API, each run from one command in the README and in CI.
 */
package io.mmipc.examples;
