package dev.courier.internal.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

import dev.courier.MediaType;
import dev.courier.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * The body of a response served from the cache, read from the entry's file. It exists to keep
 * the snapshot that the body and a later update refer to, and to check the bytes as they are
 * read: the file was verified before serving, but a reader that meets different bytes (the disk
 * changed underneath) fails at the end rather than deliver them as complete.
 */
final class CacheResponseBody extends ResponseBody {
  private static final int BODY = 1;

  private final DiskLruCache.Snapshot snapshot;
  private final CacheEntry entry;
  private final BufferedSource source;

  CacheResponseBody(DiskLruCache.Snapshot snapshot, CacheEntry entry) {
    this.snapshot = snapshot;
    this.entry = entry;
    CRC32 crc = new CRC32();
    CheckedInputStream checked =
        new CheckedInputStream(Channels.newInputStream(snapshot.channel(BODY)), crc);
    this.source = Okio.buffer(new ForwardingSource(Okio.source(checked)) {
      private long bytesRead;

      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        long read = super.read(sink, byteCount);
        if (read == -1) {
          if (bytesRead != entry.bodyLength() || crc.getValue() != entry.bodyCrc32()) {
            throw new IOException("cache entry changed while it was read: " + entry.url());
          }
          return -1;
        }
        bytesRead += read;
        return read;
      }

      @Override
      public void close() throws IOException {
        snapshot.close();
        super.close();
      }
    });
  }

  DiskLruCache.Snapshot snapshot() {
    return snapshot;
  }

  CacheEntry entry() {
    return entry;
  }

  @Override
  public MediaType contentType() {
    String contentType = entry.responseHeaders().get("Content-Type");
    return contentType != null ? MediaType.parse(contentType) : null;
  }

  @Override
  public long contentLength() {
    return entry.bodyLength();
  }

  @Override
  public BufferedSource source() {
    return source;
  }

  /**
   * Returns true if the body file holds exactly the bytes its entry was committed with, read
   * with positional reads so that serving it later still starts at the beginning.
   */
  static boolean verify(FileChannel channel, long length, long expectedCrc32) throws IOException {
    if (channel.size() != length) return false;
    CRC32 crc = new CRC32();
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    long position = 0;
    while (position < length) {
      buffer.clear();
      int read = channel.read(buffer, position);
      if (read == -1) return false;
      buffer.flip();
      crc.update(buffer);
      position += read;
    }
    return position == length && crc.getValue() == expectedCrc32;
  }
}
