public import BuurtApp
public import BuurtStore
public import GeoFormats
import Hummingbird

// The errors of the layers below, as the API answers them. Routes throw what they get;
// `GuardMiddleware` turns every `HTTPResponseError` into its response in one place.

/// An error that answers with a ``Problem``.
protocol AnswersWithProblem: HTTPResponseError {
  var problem: Problem { get }
}

extension AnswersWithProblem {
  public var status: HTTPResponse.Status { problem.status }
  public func response(from request: Request, context: some RequestContext) throws -> Response {
    try problem.response(from: request, context: context)
  }
}

/// Input the application cannot use is the client's to fix (422); what it names and is not
/// there, a 404.
extension AppError: AnswersWithProblem {
  var problem: Problem {
    switch kind {
    case .invalidInput: return .unprocessable(message)
    case .notFound: return .notFound(message)
    }
  }
}

/// A refused enrollment: 422, with the reason; a reused idempotency key has its own type.
extension Enrollment.Refusal: AnswersWithProblem {
  var problem: Problem {
    switch self {
    case .idempotencyKeyReused: return .idempotencyKeyReused()
    default: return .unprocessable(description)
    }
  }
}

/// A full disk is 507 (nothing was stored); any other store failure is the server's (500, logged).
extension StoreError: AnswersWithProblem {
  var problem: Problem { kind == .diskFull ? .diskFull : .internalError }
}

/// Request bodies are the only JSON and GeoJSON the routes parse.
extension JSONParser.SyntaxError: AnswersWithProblem {
  var problem: Problem { .malformedBody("the body is not valid JSON: \(self)") }
}

extension GeoJSONError: AnswersWithProblem {
  var problem: Problem { .malformedBody("not a usable GeoJSON FeatureCollection: \(self)") }
}

/// The rules of who may do what to an enrollment, a transfer or a setting.
extension Membership.Refusal: AnswersWithProblem {
  var problem: Problem {
    switch self {
    case .forbidden(let s): .forbidden(s)
    case .notFound(let s): .notFound(s)
    case .conflict(let s): .conflict(s)
    case .invalid(let s): .unprocessable(s)
    }
  }
}
