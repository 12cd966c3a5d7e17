/**
 * HTTP/2 (RFC 9113) with HPACK header compression (RFC 7541), as a client speaks it: the frame
 * reader and writer, HPACK's encoder and decoder with Huffman coding, streams with flow control
 * in both directions, and the multiplexed {@link dev.courier.internal.http2.Http2Connection} that
 * carries many exchanges at once, each through an
 * {@link dev.courier.internal.http2.Http2ExchangeCodec}.
 *
 * <p>Everything read from the network is hostile: each rule a server can break maps to the error
 * code RFC 9113 names, as a stream reset when only that stream is affected and as GOAWAY and a
 * closed connection otherwise, with memory bounded by the windows and limits this side announced.
 */
package dev.courier.internal.http2;
