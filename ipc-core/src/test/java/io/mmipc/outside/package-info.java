/**
 * Test mains that use mmipc from outside its module, as an application would.
 */
package io.mmipc.outside;
