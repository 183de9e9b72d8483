/// Where a point lies relative to one polygon: the three-way answer every higher rule is built on.
public enum Location: Hashable, Sendable {
  case inside
  case boundary
  case outside
}
