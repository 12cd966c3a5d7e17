/**
 * The demo's front end: endpoints that call the upstream through Courier three ways and report
 * what happened.
 */
@NullMarked
package dev.courier.demo.api;

import org.jspecify.annotations.NullMarked;
