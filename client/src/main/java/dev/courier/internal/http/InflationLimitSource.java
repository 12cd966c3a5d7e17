package dev.courier.internal.http;

import java.io.IOException;
import java.net.ProtocolException;

import okio.Buffer;
import okio.ForwardingSource;
import okio.GzipSource;
import okio.Source;

/**
 * Decompresses a gzip body and fails it once it inflates beyond the client's limits, so that a
 * small response (a decompression bomb inflates about 1,000 to 1) can't fill the caller's memory.
 *
 * <p>Two limits, each off when 0: an absolute number of decompressed bytes, and a ratio of
 * decompressed to compressed bytes, which lets large ordinary downloads through. The ratio is
 * checked only past {@link #RATIO_FLOOR} decompressed bytes, since a small, very repetitive body
 * can compress far better than any bomb without doing harm. Compressed bytes are counted as they
 * are pulled from the network, a little ahead of what the inflater consumed, which errs towards
 * letting a body through.
 */
public final class InflationLimitSource extends ForwardingSource {
  /** Bodies that inflate to no more than this are never refused by the ratio: 1 MiB. */
  public static final long RATIO_FLOOR = 1024 * 1024;

  private final CountingSource compressed;
  private final long maxBytes;
  private final long maxRatio;
  private long inflated;

  private InflationLimitSource(CountingSource compressed, long maxBytes, long maxRatio) {
    super(new GzipSource(compressed));
    this.compressed = compressed;
    this.maxBytes = maxBytes;
    this.maxRatio = maxRatio;
  }

  /**
   * Returns a source of {@code gzipped} decompressed, limited to {@code maxBytes} and to
   * {@code maxRatio} times the compressed size; 0 turns either limit off.
   */
  public static Source of(Source gzipped, long maxBytes, long maxRatio) {
    return new InflationLimitSource(new CountingSource(gzipped), maxBytes, maxRatio);
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    long read = super.read(sink, byteCount);
    if (read == -1) return -1;
    inflated += read;
    if (maxBytes > 0 && inflated > maxBytes) {
      throw new ProtocolException("gzip response body inflated beyond maxDecompressedSize ("
          + maxBytes + " bytes) after " + compressed.count + " compressed bytes");
    }
    if (maxRatio > 0 && inflated > RATIO_FLOOR
        && (double) inflated / Math.max(1, compressed.count) > maxRatio) {
      throw new ProtocolException("gzip response body inflated beyond maxDecompressionRatio ("
          + maxRatio + "): " + inflated + " bytes from " + compressed.count + " compressed bytes");
    }
    return read;
  }

  /** Counts the bytes read through it. */
  private static final class CountingSource extends ForwardingSource {
    long count;

    CountingSource(Source delegate) {
      super(delegate);
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      long read = super.read(sink, byteCount);
      if (read > 0) count += read;
      return read;
    }
  }
}
