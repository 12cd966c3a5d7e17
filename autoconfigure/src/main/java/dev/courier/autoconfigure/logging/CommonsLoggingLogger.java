package dev.courier.autoconfigure.logging;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.courier.logging.LoggingInterceptor;

/**
 * Writes the interceptor's messages through Commons Logging, which Spring routes to the
 * application's logging library (Logback, Log4j 2, ...), to the logger
 * {@code dev.courier.logging.LoggingInterceptor} at INFO: {@code logging.level.*} and appenders
 * then apply to it like to any other logger. The engine's default, {@code System.Logger}, would
 * reach that library only through a bridge the application may not have.
 */
final class CommonsLoggingLogger implements LoggingInterceptor.Logger {
  private final Log log = LogFactory.getLog(LoggingInterceptor.class);

  @Override
  public void log(String message) {
    log.info(message);
  }
}
