/**
 * The upstream the demo calls, embedded in the same application so the demo needs nothing else running.
 */
@NullMarked
package dev.courier.demo.upstream;

import org.jspecify.annotations.NullMarked;
