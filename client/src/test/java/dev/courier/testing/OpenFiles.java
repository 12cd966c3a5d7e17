package dev.courier.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The process's open file descriptors, from {@code /proc/self/fd} (Linux).
 *
 * <p>A leak check compares two snapshots. The JVM opens descriptors of its own at any time (a jar
 * the class loader reaches for the first time, the epoll instance of a selector), which would make
 * a plain count flaky; sockets are opened only by the code under test and its peers. So a
 * {@link Snapshot} keeps the descriptors that are sockets by their inode, and a check asks that
 * every socket opened since the first snapshot is closed, with no tolerance, and that the total
 * count grew by at most a small allowance for those JVM-owned files.
 */
public final class OpenFiles {
  private static final Path FD_DIR = Paths.get("/proc/self/fd");

  private OpenFiles() {
  }

  /** Returns true if this platform lists descriptors in {@code /proc/self/fd}. */
  public static boolean supported() {
    return Files.isDirectory(FD_DIR);
  }

  /** Takes a snapshot of the open descriptors. */
  public static Snapshot snapshot() {
    Set<String> sockets = new TreeSet<>();
    int total = 0;
    try (Stream<Path> entries = Files.list(FD_DIR)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String target;
        try {
          target = Files.readSymbolicLink(entry).toString();
        } catch (IOException e) {
          continue; // Closed while listing (the listing's own descriptor, for one).
        }
        total++;
        if (target.startsWith("socket:")) sockets.add(target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Snapshot(total, sockets);
  }

  /**
   * Open descriptors at one moment.
   *
   * @param total how many descriptors were open
   * @param sockets the socket descriptors, as {@code socket:[inode]}
   */
  public record Snapshot(int total, Set<String> sockets) {
    /** Returns the sockets open now that were not open at this snapshot. */
    public Set<String> newSockets() {
      Set<String> result = new TreeSet<>(snapshot().sockets());
      result.removeAll(sockets);
      return result;
    }
  }
}
