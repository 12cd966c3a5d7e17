/**
 * What the observability auto-configurations share: the Courier clients of the application by
 * name ({@link dev.courier.autoconfigure.monitoring.CourierClients}). Depends on nothing optional,
 * so metrics, health and the endpoint can each use it on their own. URLs are rendered without
 * secrets by the engine's {@link dev.courier.logging.RedactedUrls}.
 */
@NullMarked
package dev.courier.autoconfigure.monitoring;

import org.jspecify.annotations.NullMarked;
