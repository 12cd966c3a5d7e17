/**
 * Small text helpers shared by the public value types: quoting untrusted input for error
 * messages, so that a message can name the offending value without letting control characters
 * (CR, LF, NUL) reach a log line unescaped.
 */
package dev.courier.internal.text;
