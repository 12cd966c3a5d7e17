package dev.courier.demo.fleet;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The fleet's instances, started with the application and stopped with it. The page kills and
 * revives them through {@link FleetController}.
 */
@Component
public class Fleet implements SmartLifecycle {
  private final List<FleetInstance> instances;
  private volatile boolean running;

  /** Creates one instance per configured port, numbered from 1, none listening yet. */
  public Fleet(FleetSettings settings) {
    List<FleetInstance> created = new ArrayList<>();
    for (int i = 0; i < settings.ports().size(); i++) {
      created.add(new FleetInstance(i + 1, settings.ports().get(i)));
    }
    this.instances = List.copyOf(created);
  }

  /** Returns the instances, in number order. */
  public List<FleetInstance> instances() {
    return instances;
  }

  /**
   * Returns instance {@code number}.
   *
   * @throws IllegalArgumentException if there is no such instance
   */
  public FleetInstance instance(int number) {
    if (number < 1 || number > instances.size()) {
      throw new IllegalArgumentException("no fleet instance " + number + "; they are numbered 1 to "
          + instances.size());
    }
    return instances.get(number - 1);
  }

  @Override
  public void start() {
    for (FleetInstance instance : instances) instance.start();
    running = true;
  }

  @Override
  public void stop() {
    for (FleetInstance instance : instances) instance.kill();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
