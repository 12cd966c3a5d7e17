/**
 * The fleet: three small HTTP servers on loopback that the demo runs itself, the instances of its
 * {@code fleet} service, each of which can be killed and revived from the page.
 */
@NullMarked
package dev.courier.demo.fleet;

import org.jspecify.annotations.NullMarked;
