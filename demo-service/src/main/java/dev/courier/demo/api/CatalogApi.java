package dev.courier.demo.api;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;

/**
 * The catalog as a Spring HTTP interface. It is in the {@code catalog} HTTP service group, so it
 * runs on Courier's {@code catalog} service client, with that service's base URL, cache and
 * interceptors.
 */
public interface CatalogApi {
  /** Returns the catalog item {@code id}. */
  @GetExchange("/catalog/{id}")
  ResponseEntity<String> item(@PathVariable int id);
}
