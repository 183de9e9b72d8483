import BuurtApp
import GeoFormats
public import Hummingbird
import NIOCore

/// The API's JSON: reports encoded by `ReportJSON` (members in declaration order, `null` where
/// there is nothing), as `application/json`. The request context's response encoder, so a
/// route returns a ``Reported`` value and this writes it.
public struct ReportResponseEncoder: ResponseEncoder {
  public init() {}
  public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
    let text = try JSONValueEncoder().text(value)
    return Response(status: .ok, headers: jsonHeaders, body: .init(byteBuffer: ByteBuffer(string: text)))
  }
}

/// A report (of the application layer, or one of the server's own below) as a route's answer.
public struct Reported<Value: Encodable & Sendable>: ResponseEncodable, Sendable {
  public var value: Value
  public init(_ value: Value) { self.value = value }
  public func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

/// `GET /healthz`.
struct HealthReport: Encodable, Sendable {
  var status = "ok"
  var version = BuurtVersion.current
  var addresses: Int
  var groups: Int
}

/// `POST /v1/enrollments`: the new submission, its management token, the group and the address
/// it was placed at.
struct EnrollmentReceipt: Encodable, Sendable {
  var id: String
  var token: String
  var group: GroupRef?
  var address: AddressReport?
}

/// `POST /v1/boundary-sets/{id}/publish`.
struct PublishedVersion: Encodable, Sendable {
  var version: Int
  /// Members whose group changed: each is a transfer (`GET /v1/transfers`).
  var transfers: Int
}
