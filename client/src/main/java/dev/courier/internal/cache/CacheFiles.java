package dev.courier.internal.cache;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

import okio.Okio;
import okio.Sink;

/**
 * Every way the cache touches the file system, done as if another local user could write where
 * the cache lives. The directory is created 0700 (or made so) and must belong to this user;
 * files are created 0600, only where nothing exists yet, never through a link; and a file is
 * opened only after it proved to be a regular file, so a link or a FIFO planted in place of an
 * entry is refused (a FIFO would block whoever opens it; one swapped in between the check and
 * the open could still hold up that one lookup, never the cache, and only the owner of the
 * private directory could swap it). On file systems without POSIX permissions the owner is
 * still checked where the file system knows owners, and each cache logs once that the
 * directory's permissions are left to the platform.
 */
final class CacheFiles {
  private static final System.Logger LOGGER = System.getLogger("dev.courier.Cache");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");

  private CacheFiles() {
  }

  /**
   * Creates {@code directory} if needed, owner-only, and checks that this user owns it (and, if
   * it is a link, the link too); tightens the permissions of an existing directory it owns.
   *
   * @throws IOException if it can't be created or belongs to someone else
   */
  static void prepareDirectory(Path directory) throws IOException {
    boolean posix = isPosix(directory);
    if (posix) {
      Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
    } else {
      Files.createDirectories(directory);
    }
    UserPrincipal me = currentUser(directory);
    if (me != null) {
      checkOwner(directory, me, LinkOption.NOFOLLOW_LINKS);
      checkOwner(directory, me);
    } else {
      LOGGER.log(Level.INFO, "HTTP cache in " + directory
          + ": can't tell which user this process runs as, so the directory's owner isn't"
          + " checked");
    }
    if (posix) {
      if (!Files.getPosixFilePermissions(directory).equals(OWNER_ONLY_DIRECTORY)) {
        Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
      }
    } else {
      LOGGER.log(Level.INFO, "HTTP cache in " + directory + ": this file system has no POSIX"
          + " permissions; keep the directory where only this user can read it");
    }
  }

  private static void checkOwner(Path directory, UserPrincipal me, LinkOption... options)
      throws IOException {
    UserPrincipal owner = Files.getOwner(directory, options);
    if (!owner.equals(me)) {
      throw new IOException("cache directory " + directory + " is owned by " + owner.getName()
          + ", not by " + me.getName() + " who runs this process");
    }
  }

  /** Returns the user this process runs as, or null if the file system can't tell. */
  private static UserPrincipal currentUser(Path directory) {
    if (!directory.getFileSystem().supportedFileAttributeViews().contains("owner")) return null;
    try {
      return directory.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName(System.getProperty("user.name"));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // A user with no name (a container's arbitrary uid): a file it creates has its owner.
    }
    try {
      Path probe = Files.createTempFile("courier-cache-owner", ".tmp");
      try {
        return Files.getOwner(probe);
      } finally {
        Files.deleteIfExists(probe);
      }
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  /**
   * Returns a sink to {@code file}, created 0600 for this write: whatever is at its path
   * already (a leftover, or a link someone planted) is removed first, never written through.
   */
  static Sink createNew(Path file) throws IOException {
    Files.deleteIfExists(file); // Removes a link itself, not what it points to.
    Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
    try {
      return Okio.sink(Channels.newOutputStream(isPosix(file)
          ? Files.newByteChannel(file, options, ownerOnlyFile())
          : Files.newByteChannel(file, options)));
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cache file appeared while it was being created: " + file, e);
    }
  }

  /**
   * Returns a sink appending to {@code file}, creating it 0600 if absent.
   *
   * @throws IOException if it exists but is not a regular file
   */
  static Sink append(Path file) throws IOException {
    checkRegularOrAbsent(file);
    Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
    return Okio.sink(Channels.newOutputStream(isPosix(file)
        ? Files.newByteChannel(file, options, ownerOnlyFile())
        : Files.newByteChannel(file, options)));
  }

  /**
   * Opens {@code file} for reading if it is a regular file; a link, a FIFO, a device or a
   * directory is refused before anything opens it.
   *
   * @throws IOException if it is missing or not a regular file
   */
  static FileChannel openForReading(Path file) throws IOException {
    BasicFileAttributes attributes =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) throw new IOException("not a regular file: " + file);
    return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
  }

  /** Returns true if {@code file} is absent or a regular file (not following a link). */
  static boolean isRegularOrAbsent(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .isRegularFile();
    } catch (NoSuchFileException e) {
      return true;
    }
  }

  private static void checkRegularOrAbsent(Path file) throws IOException {
    if (!isRegularOrAbsent(file)) throw new IOException("not a regular file: " + file);
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static FileAttribute<Set<PosixFilePermission>> ownerOnlyFile() {
    return PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE);
  }
}
