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
 * a plain count flaky; TCP sockets are opened only by the code under test and its peers. So a
 * {@link Snapshot} keeps the descriptors that are sockets by their inode, and a check asks that
 * every TCP socket opened since the first snapshot is closed, with no tolerance, and that the
 * total count grew by at most a small allowance for those JVM-owned files.
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
   * Describes {@code sockets} (as {@code socket:[inode]}) by their TCP endpoints and state from
   * {@code /proc/net/tcp} and {@code tcp6}, for a failure message that says which sockets leaked.
   */
  public static String describe(Set<String> sockets) {
    StringBuilder result = new StringBuilder();
    for (String socket : sockets) {
      String inode = inode(socket);
      String found = socket + " (not TCP)";
      for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
        try {
          for (String line : Files.readAllLines(Paths.get(table))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 9 && fields[9].equals(inode)) {
              found = socket + " local " + port(fields[1]) + " remote " + port(fields[2])
                  + " state " + TCP_STATES[Integer.parseInt(fields[3], 16) % TCP_STATES.length];
            }
          }
        } catch (IOException e) {
          // No such table here; the socket stays undescribed.
        }
      }
      result.append(found).append('\n');
    }
    return result.toString();
  }

  /** Returns the inodes of the TCP sockets in this network namespace. */
  private static Set<String> tcpInodes() {
    Set<String> result = new TreeSet<>();
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      try {
        for (String line : Files.readAllLines(Paths.get(table))) {
          String[] fields = line.trim().split("\\s+");
          if (fields.length > 9) result.add(fields[9]);
        }
      } catch (IOException e) {
        // No such table here.
      }
    }
    return result;
  }

  private static String inode(String socket) {
    return socket.substring("socket:[".length(), socket.length() - 1);
  }

  private static final String[] TCP_STATES = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV",
      "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN",
      "CLOSING"};

  private static int port(String hexAddress) {
    return Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16);
  }

  /**
   * Open descriptors at one moment.
   *
   * @param total how many descriptors were open
   * @param sockets the socket descriptors, as {@code socket:[inode]}
   */
  public record Snapshot(int total, Set<String> sockets) {
    /**
     * Returns the TCP sockets open now that were not open at this snapshot. Other sockets are
     * left out: the C library opens some of its own (UDP for DNS, a Unix socket to nscd) and may
     * keep them, while the engine and the test servers open TCP sockets only.
     */
    public Set<String> newSockets() {
      Set<String> result = new TreeSet<>(snapshot().sockets());
      result.removeAll(sockets);
      Set<String> tcp = tcpInodes();
      result.removeIf(socket -> !tcp.contains(inode(socket)));
      return result;
    }
  }
}
