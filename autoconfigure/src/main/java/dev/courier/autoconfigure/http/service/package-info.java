/**
 * Auto-configuration that runs Spring HTTP service groups ({@code @ImportHttpServices}) on the
 * Courier service client of the same name.
 */
@NullMarked
package dev.courier.autoconfigure.http.service;

import org.jspecify.annotations.NullMarked;
