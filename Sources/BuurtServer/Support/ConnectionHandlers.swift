import HTTPTypes
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Marks a request whose connection must close after its answer (HTTP/1.0 without
/// `Connection: keep-alive`, or `Connection: close` in any spelling) with `Connection: close`,
/// the one form Hummingbird acts on. It sits before the HTTP/1 → HTTP types codec, which drops
/// the protocol version.
final class ConnectionCloseMarker: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias InboundOut = HTTPServerRequestPart

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if case .head(var head) = unwrapInboundIn(data), !head.isKeepAlive {
      head.headers.replaceOrAdd(name: "connection", value: "close")
      context.fireChannelRead(wrapInboundOut(.head(head)))
      return
    }
    context.fireChannelRead(data)
  }
}

/// Closes the connection once a response that says `Connection: close` is written (a body
/// that was too large or too slow is not read to its end).
final class CloseAfterResponse: ChannelOutboundHandler, RemovableChannelHandler {
  typealias OutboundIn = HTTPResponsePart
  typealias OutboundOut = HTTPResponsePart
  private var closing = false

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    switch unwrapOutboundIn(data) {
    case .head(let head):
      closing = head.headerFields[.connection]?.lowercased() == "close"
      context.write(data, promise: promise)
    case .body:
      context.write(data, promise: promise)
    case .end:
      guard closing else { return context.write(data, promise: promise) }
      context.writeAndFlush(data).whenComplete { [context] _ in context.close(promise: nil) }
      promise?.succeed()
    }
  }
}

/// Hummingbird's HTTP/1 channel with ``ConnectionCloseMarker`` before its codec and
/// ``CloseAfterResponse`` after it.
struct BuurtHTTP1Channel: ServerChildChannel {
  typealias Value = HTTP1Channel.Value
  let inner: HTTP1Channel

  init(responder: @escaping HTTPChannelHandler.Responder, idleTimeout: TimeAmount) {
    inner = HTTP1Channel(
      responder: responder, configuration: .init(additionalChannelHandlers: [CloseAfterResponse()], idleTimeout: idleTimeout))
  }

  func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
    inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
      let codec = try channel.pipeline.syncOperations.handler(type: HTTP1ToHTTPServerCodec.self)
      try channel.pipeline.syncOperations.addHandler(ConnectionCloseMarker(), position: .before(codec))
      return value
    }
  }

  func handle(value: Value, logger: Logger) async {
    await inner.handle(value: value, logger: logger)
  }
}
