package dev.courier.internal.cache;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.Source;
import okio.Timeout;

/**
 * A response body from the network that copies each byte the caller reads into a cache entry,
 * so a body is read once and stored without being buffered. It exists to tie the entry's fate to
 * the body's: the entry is committed only when the network body reached its end, and aborted if
 * reading fails, the body outgrows the cache, or the disk refuses it. Writing to the cache never
 * fails the caller's read.
 *
 * <p>A caller that closes the body early (a redirect being followed, say) gets a short grace
 * period in which the rest is read and stored, as the connection would drain it anyway.
 */
final class CacheWritingSource implements Source {
  /** How long close() waits for the rest of a body; the HTTP/1 codec drains for as long. */
  private static final long DRAIN_MILLIS = 100;

  private final BufferedSource upstream;
  private final RealCache cache;
  private final DiskLruCache.Editor editor;
  private final CacheEntry entry;
  private final BufferedSink bodySink;
  private final CRC32 crc = new CRC32();
  private final OutputStream checkedOut;
  private final long maxBytes;
  private long bytesWritten;
  private boolean cacheDone;
  private boolean closed;

  CacheWritingSource(BufferedSource upstream, RealCache cache, DiskLruCache.Editor editor,
      CacheEntry entry, BufferedSink bodySink, long maxBytes) {
    this.upstream = upstream;
    this.cache = cache;
    this.editor = editor;
    this.entry = entry;
    this.bodySink = bodySink;
    this.checkedOut = new CheckedOutputStream(bodySink.outputStream(), crc);
    this.maxBytes = maxBytes;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    long read;
    try {
      read = upstream.read(sink, byteCount);
    } catch (IOException e) {
      abortCache(null); // Never store what may be a partial body.
      throw e;
    }
    if (read == -1) {
      finishCache();
      return -1;
    }
    if (!cacheDone) {
      if (bytesWritten + read > maxBytes) {
        abortCache(null); // Bigger than the whole cache: it could never stay.
      } else {
        try {
          sink.copyTo(checkedOut, sink.size() - read, read);
          bytesWritten += read;
        } catch (IOException e) {
          abortCache(e);
        }
      }
    }
    return read;
  }

  @Override
  public Timeout timeout() {
    return upstream.timeout();
  }

  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    if (!cacheDone) drainIntoCache();
    upstream.close();
  }

  /** Reads the rest of the body into the cache for a short while; aborts if it doesn't end. */
  private void drainIntoCache() {
    Timeout timeout = upstream.timeout();
    boolean hadDeadline = timeout.hasDeadline();
    long originalDeadline = hadDeadline ? timeout.deadlineNanoTime() : 0;
    long limit = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
    timeout.deadlineNanoTime(hadDeadline ? Math.min(originalDeadline, limit) : limit);
    try {
      Buffer scratch = new Buffer();
      while (!cacheDone) {
        if (read(scratch, 8192) == -1) break;
        scratch.clear();
      }
    } catch (IOException e) {
      // The body failed or took too long; read() aborted the entry.
    } finally {
      if (hadDeadline) {
        timeout.deadlineNanoTime(originalDeadline);
      } else {
        timeout.clearDeadline();
      }
    }
    if (!cacheDone) abortCache(null);
  }

  private void finishCache() {
    if (cacheDone) return;
    cacheDone = true;
    try {
      checkedOut.flush();
      bodySink.close();
    } catch (IOException e) {
      cache.abortWrite(editor, e);
      return;
    }
    cache.commitWrite(editor, entry.withBody(bytesWritten, crc.getValue()));
  }

  private void abortCache(IOException cause) {
    if (cacheDone) return;
    cacheDone = true;
    try {
      bodySink.close();
    } catch (IOException ignored) {
      // The entry is being discarded anyway.
    }
    cache.abortWrite(editor, cause);
  }
}
