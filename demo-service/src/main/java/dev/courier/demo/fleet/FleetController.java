package dev.courier.demo.fleet;

import java.io.UncheckedIOException;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Shows which of the fleet's instances are up, and kills or revives one, for the page's buttons.
 */
@RestController
@RequestMapping("/upstream/fleet")
public class FleetController {
  private final Fleet fleet;

  /** Creates the controller over {@code fleet}. */
  public FleetController(Fleet fleet) {
    this.fleet = fleet;
  }

  /**
   * What one instance is doing.
   *
   * @param instance its number, from 1
   * @param port the loopback port it listens on while up
   * @param up whether it is listening
   */
  public record InstanceStatus(int instance, int port, boolean up) {
  }

  /** Returns every instance and whether it is up. */
  @GetMapping
  public List<InstanceStatus> status() {
    return fleet.instances().stream()
        .map(instance -> new InstanceStatus(instance.number(), instance.port(), instance.up()))
        .toList();
  }

  /** Kills instance {@code number}: its port refuses connections, open ones are closed. */
  @PostMapping("/{number}/kill")
  public List<InstanceStatus> kill(@PathVariable int number) {
    instance(number).kill();
    return status();
  }

  /** Revives instance {@code number} on its port; 409 if the port was taken meanwhile. */
  @PostMapping("/{number}/revive")
  public List<InstanceStatus> revive(@PathVariable int number) {
    try {
      instance(number).start();
    } catch (UncheckedIOException e) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage(), e);
    }
    return status();
  }

  private FleetInstance instance(int number) {
    try {
      return fleet.instance(number);
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage(), e);
    }
  }
}
