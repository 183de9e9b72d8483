/// A JSON value as parsed, with object members kept in their original order.
public enum JSONValue: Hashable, Sendable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)

  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }
  public var numberValue: Double? {
    if case .number(let n) = self { return n }
    return nil
  }
  public var objectValue: JSONObject? {
    if case .object(let o) = self { return o }
    return nil
  }
  public var arrayValue: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }

  /// The JSON type name, for messages ("a string", "null").
  public var kind: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .number: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }

  /// A short text form for a property value in a table or a CSV cell (strings unquoted).
  public var plainText: String {
    switch self {
    case .null: ""
    case .bool(let b): b ? "true" : "false"
    case .number(let n): JSONWriter.format(n)
    case .string(let s): s
    case .array, .object: JSONWriter.serialize(self)
    }
  }
}

/// An ordered JSON object.
public struct JSONObject: Hashable, Sendable {
  public struct Member: Hashable, Sendable {
    public var key: String
    public var value: JSONValue
    public init(key: String, value: JSONValue) {
      self.key = key
      self.value = value
    }
  }
  public var members: [Member]
  public init(_ members: [Member] = []) { self.members = members }

  /// The value of the first member named `key`.
  public subscript(key: String) -> JSONValue? {
    get { members.first { $0.key == key }?.value }
    set {
      if let i = members.firstIndex(where: { $0.key == key }) {
        if let v = newValue { members[i].value = v } else { members.remove(at: i) }
      } else if let v = newValue {
        members.append(Member(key: key, value: v))
      }
    }
  }
  public var keys: [String] { members.map(\.key) }
}
