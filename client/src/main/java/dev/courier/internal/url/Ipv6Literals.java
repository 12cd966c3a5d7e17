package dev.courier.internal.url;

/**
 * Parses and prints IPv6 address literals as the WHATWG URL standard does.
 *
 * <p>Parsing accepts the RFC 4291 text forms ({@code ::} compression, an IPv4 dotted-quad tail)
 * and rejects zone identifiers. Printing gives the canonical RFC 5952 form: lower-case hex without
 * leading zeros, the first longest run of two or more zero pieces compressed to {@code ::}, and an
 * IPv4 tail written in hex like the rest ({@code ::ffff:1.2.3.4} prints as {@code ::ffff:102:304}).
 */
final class Ipv6Literals {
  private Ipv6Literals() {
  }

  /**
   * Returns the canonical form of the IPv6 literal {@code input[pos, limit)}, without brackets,
   * or null if it is not one.
   */
  static String canonicalize(String input, int pos, int limit) {
    int[] address = parse(input, pos, limit);
    return address != null ? print(address) : null;
  }

  /** Returns the eight 16-bit pieces of the literal {@code input[pos, limit)}, or null. */
  static int[] parse(String input, int pos, int limit) {
    int[] address = new int[8];
    int pieceIndex = 0;
    int compress = -1;
    int i = pos;
    if (i < limit && input.charAt(i) == ':') {
      if (i + 1 >= limit || input.charAt(i + 1) != ':') return null;
      i += 2;
      pieceIndex++;
      compress = pieceIndex;
    }
    while (i < limit) {
      if (pieceIndex == 8) return null;
      if (input.charAt(i) == ':') {
        if (compress != -1) return null;
        i++;
        pieceIndex++;
        compress = pieceIndex;
        continue;
      }
      int value = 0;
      int length = 0;
      while (length < 4 && i < limit && PercentEncoding.hexValue(input.charAt(i)) != -1) {
        value = value * 16 + PercentEncoding.hexValue(input.charAt(i));
        i++;
        length++;
      }
      if (i < limit && input.charAt(i) == '.') {
        if (length == 0 || pieceIndex > 6) return null;
        i -= length;
        return parseIpv4Tail(input, i, limit, address, pieceIndex, compress);
      }
      if (i < limit) {
        if (input.charAt(i) != ':') return null;
        i++;
        if (i == limit) return null;
      }
      address[pieceIndex++] = value;
    }
    return finish(address, pieceIndex, compress);
  }

  private static int[] parseIpv4Tail(String input, int pos, int limit, int[] address,
      int pieceIndex, int compress) {
    int numbersSeen = 0;
    int i = pos;
    while (i < limit) {
      if (numbersSeen > 0) {
        if (input.charAt(i) != '.' || numbersSeen >= 4) return null;
        i++;
      }
      if (i == limit || !isDigit(input.charAt(i))) return null;
      int piece = -1;
      while (i < limit && isDigit(input.charAt(i))) {
        int digit = input.charAt(i) - '0';
        if (piece == -1) {
          piece = digit;
        } else if (piece == 0) {
          return null; // No leading zeros: "01" is ambiguous (octal?) and rejected.
        } else {
          piece = piece * 10 + digit;
        }
        if (piece > 255) return null;
        i++;
      }
      address[pieceIndex] = address[pieceIndex] * 0x100 + piece;
      numbersSeen++;
      if (numbersSeen == 2 || numbersSeen == 4) pieceIndex++;
    }
    if (numbersSeen != 4) return null;
    return finish(address, pieceIndex, compress);
  }

  private static int[] finish(int[] address, int pieceIndex, int compress) {
    if (compress != -1) {
      int swaps = pieceIndex - compress;
      int index = 7;
      while (index != 0 && swaps > 0) {
        int swapWith = compress + swaps - 1;
        int t = address[index];
        address[index] = address[swapWith];
        address[swapWith] = t;
        index--;
        swaps--;
      }
    } else if (pieceIndex != 8) {
      return null;
    }
    return address;
  }

  /** Returns {@code address} (eight 16-bit pieces) in canonical text form, without brackets. */
  static String print(int[] address) {
    int compress = -1;
    int longest = 1;
    for (int i = 0; i < 8; ) {
      if (address[i] != 0) {
        i++;
        continue;
      }
      int runStart = i;
      while (i < 8 && address[i] == 0) i++;
      if (i - runStart > longest) {
        longest = i - runStart;
        compress = runStart;
      }
    }
    StringBuilder result = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == compress) {
        result.append(i == 0 ? "::" : ":");
        i += longest - 1;
        continue;
      }
      result.append(Integer.toHexString(address[i]));
      if (i != 7) result.append(':');
    }
    return result.toString();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
