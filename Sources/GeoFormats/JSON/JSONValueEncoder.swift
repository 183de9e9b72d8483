/// Encodes `Encodable` values into ``JSONValue``s, for reports written with ``JSONWriter``.
///
/// Unlike Foundation's `JSONEncoder` it keeps object members in the order they are encoded (a
/// synthesised `encode(to:)` encodes in declaration order), so a report's text is the same on
/// every run, and it writes a `nil` optional as `null` instead of leaving the key out: buurt's
/// reports always carry every key, with `null` where there is nothing. Numbers become doubles
/// (``JSONWriter`` writes integral ones without ".0"); a ``JSONValue`` inside a report is taken
/// as it is.
public struct JSONValueEncoder: Sendable {
  public init() {}

  public func encode(_ value: some Encodable) throws -> JSONValue {
    let slot = Slot()
    try slot.store(value, codingPath: [])
    return slot.value
  }

  /// The compact JSON text of `value`.
  public func text(_ value: some Encodable) throws -> String {
    JSONWriter.serialize(try encode(value))
  }
}

/// A value under construction: nested containers write into their parent's slot after the
/// container was handed out, so slots are references.
private final class Slot {
  enum Content {
    case empty
    case single(JSONValue)
    case object([(key: String, slot: Slot)])
    case array([Slot])
  }
  var content: Content = .empty

  var value: JSONValue {
    switch content {
    case .empty: return .object(JSONObject())
    case .single(let v): return v
    case .object(let members): return .object(JSONObject(members.map { .init(key: $0.key, value: $0.slot.value) }))
    case .array(let items): return .array(items.map(\.value))
    }
  }

  func store(_ value: some Encodable, codingPath: [any CodingKey]) throws {
    if let v = value as? JSONValue {
      content = .single(v)
      return
    }
    if let o = value as? JSONObject {
      content = .single(.object(o))
      return
    }
    try value.encode(to: SlotEncoder(slot: self, codingPath: codingPath))
  }

  /// The member slot for `key` (replacing an earlier member of that name).
  func member(_ key: String) -> Slot {
    let child = Slot()
    var members: [(key: String, slot: Slot)]
    if case .object(let m) = content { members = m } else { members = [] }
    if let i = members.firstIndex(where: { $0.key == key }) { members[i].slot = child } else { members.append((key, child)) }
    content = .object(members)
    return child
  }

  func appended() -> Slot {
    let child = Slot()
    var items: [Slot]
    if case .array(let a) = content { items = a } else { items = [] }
    items.append(child)
    content = .array(items)
    return child
  }

  var count: Int {
    if case .array(let a) = content { return a.count }
    return 0
  }
}

private struct SlotEncoder: Encoder {
  let slot: Slot
  let codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    if case .object = slot.content {} else { slot.content = .object([]) }
    return KeyedEncodingContainer(KeyedSlotContainer<Key>(slot: slot, codingPath: codingPath))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    if case .array = slot.content {} else { slot.content = .array([]) }
    return UnkeyedSlotContainer(slot: slot, codingPath: codingPath)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    SingleSlotContainer(slot: slot, codingPath: codingPath)
  }
}

private struct IndexKey: CodingKey {
  let intValue: Int?
  var stringValue: String { String(intValue ?? 0) }
  init(_ index: Int) { intValue = index }
  init?(stringValue: String) { nil }
  init?(intValue: Int) { self.intValue = intValue }
}

private struct KeyedSlotContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let slot: Slot
  let codingPath: [any CodingKey]

  private func put(_ v: JSONValue, _ key: Key) { slot.member(key.stringValue).content = .single(v) }

  mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
  mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
  mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
  mutating func encode(_ value: Double, forKey key: Key) throws { put(.number(value), key) }
  mutating func encode(_ value: Float, forKey key: Key) throws { put(.number(Double(value)), key) }
  mutating func encode(_ value: Int, forKey key: Key) throws { put(.number(Double(value)), key) }
  mutating func encode(_ value: Int8, forKey key: Key) throws { put(.number(Double(value)), key) }
  mutating func encode(_ value: Int16, forKey key: Key) throws { put(.number(Double(value)), key) }
  mutating func encode(_ value: Int32, forKey key: Key) throws { put(.number(Double(value)), key) }
  mutating func encode(_ value: Int64, forKey key: Key) throws { put(.number(Double(value)), key) }
  mutating func encode(_ value: UInt, forKey key: Key) throws { put(.number(Double(value)), key) }
  mutating func encode(_ value: UInt8, forKey key: Key) throws { put(.number(Double(value)), key) }
  mutating func encode(_ value: UInt16, forKey key: Key) throws { put(.number(Double(value)), key) }
  mutating func encode(_ value: UInt32, forKey key: Key) throws { put(.number(Double(value)), key) }
  mutating func encode(_ value: UInt64, forKey key: Key) throws { put(.number(Double(value)), key) }
  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
    try slot.member(key.stringValue).store(value, codingPath: codingPath + [key])
  }

  // A missing optional is written as null: every key of a report is always there.
  mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { put(value.map(JSONValue.bool) ?? .null, key) }
  mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { put(value.map(JSONValue.string) ?? .null, key) }
  mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { put(value.map(JSONValue.number) ?? .null, key) }
  mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { put(value.map { .number(Double($0)) } ?? .null, key) }
  mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { put(value.map { .number(Double($0)) } ?? .null, key) }
  mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { put(value.map { .number(Double($0)) } ?? .null, key) }
  mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { put(value.map { .number(Double($0)) } ?? .null, key) }
  mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { put(value.map { .number(Double($0)) } ?? .null, key) }
  mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { put(value.map { .number(Double($0)) } ?? .null, key) }
  mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { put(value.map { .number(Double($0)) } ?? .null, key) }
  mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { put(value.map { .number(Double($0)) } ?? .null, key) }
  mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { put(value.map { .number(Double($0)) } ?? .null, key) }
  mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { put(value.map { .number(Double($0)) } ?? .null, key) }
  mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { put(value.map { .number(Double($0)) } ?? .null, key) }
  mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
    if let value { try encode(value, forKey: key) } else { put(.null, key) }
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey>
  {
    let child = slot.member(key.stringValue)
    child.content = .object([])
    return KeyedEncodingContainer(KeyedSlotContainer<NestedKey>(slot: child, codingPath: codingPath + [key]))
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    let child = slot.member(key.stringValue)
    child.content = .array([])
    return UnkeyedSlotContainer(slot: child, codingPath: codingPath + [key])
  }

  mutating func superEncoder() -> any Encoder { SlotEncoder(slot: slot.member("super"), codingPath: codingPath) }
  mutating func superEncoder(forKey key: Key) -> any Encoder {
    SlotEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key])
  }
}

private struct UnkeyedSlotContainer: UnkeyedEncodingContainer {
  let slot: Slot
  let codingPath: [any CodingKey]
  var count: Int { slot.count }

  private func put(_ v: JSONValue) { slot.appended().content = .single(v) }

  mutating func encodeNil() throws { put(.null) }
  mutating func encode(_ value: Bool) throws { put(.bool(value)) }
  mutating func encode(_ value: String) throws { put(.string(value)) }
  mutating func encode(_ value: Double) throws { put(.number(value)) }
  mutating func encode(_ value: Float) throws { put(.number(Double(value))) }
  mutating func encode(_ value: Int) throws { put(.number(Double(value))) }
  mutating func encode(_ value: Int8) throws { put(.number(Double(value))) }
  mutating func encode(_ value: Int16) throws { put(.number(Double(value))) }
  mutating func encode(_ value: Int32) throws { put(.number(Double(value))) }
  mutating func encode(_ value: Int64) throws { put(.number(Double(value))) }
  mutating func encode(_ value: UInt) throws { put(.number(Double(value))) }
  mutating func encode(_ value: UInt8) throws { put(.number(Double(value))) }
  mutating func encode(_ value: UInt16) throws { put(.number(Double(value))) }
  mutating func encode(_ value: UInt32) throws { put(.number(Double(value))) }
  mutating func encode(_ value: UInt64) throws { put(.number(Double(value))) }
  mutating func encode<T: Encodable>(_ value: T) throws {
    let index = slot.count
    try slot.appended().store(value, codingPath: codingPath + [IndexKey(index)])
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
    let index = slot.count
    let child = slot.appended()
    child.content = .object([])
    return KeyedEncodingContainer(KeyedSlotContainer<NestedKey>(slot: child, codingPath: codingPath + [IndexKey(index)]))
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    let index = slot.count
    let child = slot.appended()
    child.content = .array([])
    return UnkeyedSlotContainer(slot: child, codingPath: codingPath + [IndexKey(index)])
  }

  mutating func superEncoder() -> any Encoder { SlotEncoder(slot: slot.appended(), codingPath: codingPath) }
}

private struct SingleSlotContainer: SingleValueEncodingContainer {
  let slot: Slot
  let codingPath: [any CodingKey]

  private func put(_ v: JSONValue) { slot.content = .single(v) }

  mutating func encodeNil() throws { put(.null) }
  mutating func encode(_ value: Bool) throws { put(.bool(value)) }
  mutating func encode(_ value: String) throws { put(.string(value)) }
  mutating func encode(_ value: Double) throws { put(.number(value)) }
  mutating func encode(_ value: Float) throws { put(.number(Double(value))) }
  mutating func encode(_ value: Int) throws { put(.number(Double(value))) }
  mutating func encode(_ value: Int8) throws { put(.number(Double(value))) }
  mutating func encode(_ value: Int16) throws { put(.number(Double(value))) }
  mutating func encode(_ value: Int32) throws { put(.number(Double(value))) }
  mutating func encode(_ value: Int64) throws { put(.number(Double(value))) }
  mutating func encode(_ value: UInt) throws { put(.number(Double(value))) }
  mutating func encode(_ value: UInt8) throws { put(.number(Double(value))) }
  mutating func encode(_ value: UInt16) throws { put(.number(Double(value))) }
  mutating func encode(_ value: UInt32) throws { put(.number(Double(value))) }
  mutating func encode(_ value: UInt64) throws { put(.number(Double(value))) }
  mutating func encode<T: Encodable>(_ value: T) throws { try slot.store(value, codingPath: codingPath) }
}

extension JSONValue: Encodable {
  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .null:
      var c = encoder.singleValueContainer()
      try c.encodeNil()
    case .bool(let b):
      var c = encoder.singleValueContainer()
      try c.encode(b)
    case .number(let n):
      var c = encoder.singleValueContainer()
      try c.encode(n)
    case .string(let s):
      var c = encoder.singleValueContainer()
      try c.encode(s)
    case .array(let items):
      var c = encoder.unkeyedContainer()
      for item in items { try c.encode(item) }
    case .object(let o):
      var c = encoder.container(keyedBy: MemberKey.self)
      for m in o.members { try c.encode(m.value, forKey: MemberKey(m.key)) }
    }
  }
}

extension JSONObject: Encodable {
  public func encode(to encoder: any Encoder) throws { try JSONValue.object(self).encode(to: encoder) }
}

/// Any object member's name as a coding key.
private struct MemberKey: CodingKey {
  let stringValue: String
  init(_ s: String) { stringValue = s }
  init?(stringValue: String) { self.stringValue = stringValue }
  var intValue: Int? { nil }
  init?(intValue: Int) { nil }
}
