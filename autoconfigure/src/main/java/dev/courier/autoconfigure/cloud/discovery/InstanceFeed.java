package dev.courier.autoconfigure.cloud.discovery;

/**
 * Where one {@link TrackedService} gets its instances from, started when the application context
 * starts and stopped when it stops.
 */
interface InstanceFeed {

  /** Starts delivering lists to the tracked service; the first as soon as there is one. */
  void start();

  /** Stops delivering; a list in progress may still arrive. */
  void stop();
}
