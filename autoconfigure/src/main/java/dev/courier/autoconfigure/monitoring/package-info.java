/**
 * What the observability auto-configurations share: the Courier clients of the application by
 * name ({@link dev.courier.autoconfigure.monitoring.CourierClients}) and URLs rendered without
 * secrets ({@link dev.courier.autoconfigure.monitoring.RedactedUrls}). Depends on nothing
 * optional, so metrics, health and the endpoint can each use it on their own.
 */
@NullMarked
package dev.courier.autoconfigure.monitoring;

import org.jspecify.annotations.NullMarked;
