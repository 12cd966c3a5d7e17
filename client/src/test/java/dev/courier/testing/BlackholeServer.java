package dev.courier.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback address that never completes a TCP connect: a listening socket that never accepts,
 * with its accept backlog filled, so the kernel drops further SYNs. Connects to it hang until the
 * client's connect timeout, as with an unreachable host, without leaving loopback.
 */
public final class BlackholeServer implements AutoCloseable {
  private final ServerSocket serverSocket;
  private final List<Socket> fillers = new ArrayList<>();

  /** Creates the black hole on 127.0.0.1. */
  public BlackholeServer() throws IOException {
    serverSocket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    // Linux accepts backlog + 1 connections into the queue; a few more make sure it is full.
    for (int i = 0; i < 8; i++) {
      Socket filler = new Socket();
      try {
        filler.connect(serverSocket.getLocalSocketAddress(), 200);
        fillers.add(filler);
      } catch (IOException e) {
        filler.close();
        break;
      }
    }
  }

  /** Returns the port that black-holes connects. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  /** Returns the address that black-holes connects. */
  public InetSocketAddress address() {
    return (InetSocketAddress) serverSocket.getLocalSocketAddress();
  }

  /** Returns a URL on the black hole. */
  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  @Override
  public void close() throws IOException {
    for (Socket filler : fillers) filler.close();
    serverSocket.close();
  }
}
